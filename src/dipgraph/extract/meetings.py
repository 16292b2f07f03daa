"""Meetings: talks, phone and video calls, summits and visits between officials of different states.

Each sentence (the headline included) is read for *triggers* ("met with", "held talks", "telephone
conversation", "summit", "paid a visit to"). The people named after a trigger and before the next are its
counterparts; the people named before the first trigger are the subject ("Foreign Minister Yun met
with ..."); a sentence whose subject is a pronoun or a role ("He then met with ...", "the Minister") takes
the release's protagonist (the first subject of a meeting in the text). A possessor owns its trigger
("President Putin's visit to Ulan Bator").

Events are then joined: a definite reference ("The Meeting was co-chaired by ...", "During the meeting")
adds to the event just before it; events with the same participants and compatible dates are one; a trip
("visit") gives way to the meetings held during it. An event is planned (``occurred=False``) when its
clause speaks of the future ("will", "to be held", "looks forward to", "the possibility of") or its date
is after the release date; it took place when its date is before the release date.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from dipgraph.extract.countries import city_country, find_cities, trie_pattern
from dipgraph.extract.dates import find_dates, to_date
from dipgraph.extract.document import Document
from dipgraph.extract.officials import Person, name_tokens
from dipgraph.models import Meeting

_KIND_RANK = {"phone call": 5, "video call": 4, "summit": 3, "meeting": 2, "visit": 1}
# Each alternative starts at one of the _KEYWORDS, so it is tried only where a keyword stands.
_TRIGGER = re.compile(
    r"(?P<phone>(?:[Tt]ele)?[Pp]hone(?:\s+(?:[Cc]alls?|[Cc]onversations?|[Tt]alks))?\b|TELEPHONE\b"
    r"|(?<=[’'‘]s )[Cc]all\b|[Cc]all\s+[Ww]ith\b|spoke\s+(?:with|to|by)\b|speaks\s+(?:with|to)\b"
    r"|talked\s+(?:to|with)\b)"
    r"|(?P<video>[Vv]ideo\s*(?:[Cc]onference|[Cc]all|link(?:up)?|conferencing)\b|[Vv]ideoconference\b"
    r"|[Vv]irtual(?:ly)?\s+(?:[Mm]eeting|[Ss]ummit|[Tt]alks|[Cc]onference|[Cc]all)\b|via\s+video\b)"
    r"|(?P<summit>[Ss]ummit(?:\s+[Tt]alks|\s+[Mm]eeting)?\b|SUMMIT\b)"
    r"|(?P<meeting>meets?\s+(?:with\b|jointly|(?=(?:[A-Z]|his\s|her\s|the\s+[A-Z])))|[Mm]et\b|Meets\b|[Mm]eeting\b|MEETS?\b"
    r"|h[eo]lds?\s+(?:bilateral\s+|extensive\s+|separate\s+)?(?:talks|consultations|discussions)\b"
    r"|[Tt]alks\b|[Cc]ourtesy\s+[Cc]all\b|received\b|hosted\b"
    r"|[Ww]orking\s+(?:luncheon|lunch|dinner|breakfast)\b|consultations\s+with\b|called\s+on\b|co-chaired\b)"
    r"|(?P<visit>[Vv]isit(?:s|ed|ing)?\b|travel(?:s|led|ling|ed|)\s+to\b|continu(?:ing|ed|es)\s+(?:on\s+)?to\b"
    r"|depart(?:ing|ed|s)\s+for\b|trip\s+to\b|arrived?\s+in\b)"
)
# Words every trigger contains: a fast first pass finds the few sentences worth the full pattern.
_KEYWORDS = re.compile(r"(?<!\w)(?:" + trie_pattern({v for w in (
    "phone", "telephone", "call", "spoke", "speaks", "talked", "video", "videoconference", "virtual",
    "virtually", "via", "summit", "meet", "meets", "met", "meeting", "held", "hold", "holds", "talks",
    "courtesy", "received", "hosted", "working", "consultations", "called", "co-chaired", "visit", "visits",
    "visited", "visiting", "travel", "travels", "travelled", "traveled", "travelling", "continuing", "continued",
    "continues", "departing", "departed", "departs", "trip", "arrive", "arrived")
    for v in (w, w.capitalize(), w.upper())}) + r")(?!\w)")
_VERBAL = re.compile(r"^(?:met|meets?|h[eo]lds?|spoke|speaks|talked|received|hosted|called|co-chaired|visit(?:s|ed)|"
                     r"travel\w*|continu\w*|depart\w*|arrived?)\b", re.IGNORECASE)
_OWN_PRONOUN = {"his", "her", "their", "its", "His", "Her", "Their"}
_LIGHT_VERBS = {"had", "has", "have", "held", "holds", "hold", "conducted", "paid", "pays", "pay", "made", "makes",
                "make", "took", "Holds", "Pays", "Has", "Had", "Held", "Made", "Paid"}
_DEFINITE_WORDS = {"the", "their", "this", "that", "its", "his", "her", "During", "during", "The", "Their", "This"}
_FOREIGN_GUESTS = re.compile(r"\b(?:ambassadors?|envoys?|heads?\s+of\s+(?:diplomatic\s+)?missions?|diplomatic\s+corps|"
                             r"delegations?|counterparts?|foreign\s+ministers?|representatives\s+of)\b", re.IGNORECASE)
_POSSESSIVE_GAP = re.compile(r"[’']s\s+(?:\w+[\s-]+){0,2}")
_DATE_LABEL = re.compile(r"(?i)\bdate\s*:?\s*$")
_IN_AT = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$")


_MODALS = {"will", "would", "shall", "to", "may", "might", "can", "could", "should", "must"}


def _light_verb_before(text: str, pos: int, floor: int) -> bool:
    """A light verb among the few words before ``pos`` ("had a telephone conversation", "paid a visit"), or a
    modal right before it ("will visit", "to meet")."""
    words = text[max(floor, pos - 50):pos].split()
    return any(w in _LIGHT_VERBS for w in words[-5:]) or bool(words) and words[-1] in _MODALS


def _definite_before(text: str, pos: int, floor: int) -> bool:
    words = text[max(floor, pos - 40):pos].split()[-3:]
    return any(w in _DEFINITE_WORDS for w in words)
_FUTURE = re.compile(
    r"\b(?:will|would|shall|to\s+be\s+held|is\s+to|are\s+to|scheduled|expected|plans?\s+to|planned|planning|"
    r"proposed|propose|possibility|possible|look(?:s|ing|ed)?\s+forward|agreed\s+to\s+(?:hold|meet|visit|consult|"
    r"have|continue|arrange|exchange)|invit(?:ed|ation|es?)\b[^.]{0,60}\bto\s+(?:visit|attend|come)|upcoming|"
    r"forthcoming|next|future|ahead\s+of|prepar(?:e|es|ing|ations?)\s+for|resched\w*|postpone\w*|intends?|"
    r"aims?\s+to|hopes?\s+to|wish(?:es)?\s+to|(?<!went on )(?<!went )(?<!proceeded )to\s+(?:travel|visit|meet|hold|"
    r"participate|attend|pay|make|host)|"
    r"due\s+to\s+be|set\s+to|preparation|programme|program|agenda|itinerary|at\s+the\s+start\s+of|on\s+the\s+eve)\b")
_OWN_PARTIES = re.compile(r"^\s*(?:between|with|of|among)\b", re.IGNORECASE)
_TWO_SIDES = re.compile(r"\b(?:bilateral|the\s+two\s+(?:countries|sides|nations|states|leaders|presidents|ministers|"
                        r"heads\s+of\s+state)|both\s+(?:countries|sides)|their)\b", re.IGNORECASE)
_PLACE = re.compile(r"\b(?:in|at)\s+((?:[A-Z][a-z]+(?:[ -](?=[A-Z])|\b)){1,3})")


@dataclass
class Event:
    kind: str
    start: int  # trigger position
    sentence: tuple[int, int]
    subjects: list[Person] = field(default_factory=list)
    objects: list[Person] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    date: str | None = None
    date_approx: object = None
    clause_countries: set[str] = field(default_factory=set)
    occurred: bool = True
    place: str | None = None
    verbal: bool = False
    definite: bool = False
    headline: bool = False
    possessive: bool = False

    @property
    def participants(self) -> list[Person]:
        out: list[Person] = []
        for p in self.subjects + self.objects:
            if all(p is not q for q in out):
                out.append(p)
        return out


_CAP_WORD = re.compile(r"(?<![\w-])[A-Z][\w’'\-]{2,}")


class _People:
    """Where each person is named: their mentions, and later bare name words ("Lavrov", "Mr Putin")."""

    def __init__(self, persons: list[Person]):
        self.mentions = sorted(((m.start, m.end, p) for p in persons for m in p.mentions), key=lambda r: r[0])
        self.starts = [r[0] for r in self.mentions]
        tokens: dict[str, Person] = {}
        ambiguous: set[str] = set()
        for p in persons:
            for t in name_tokens(p.name):
                if len(t) >= 3:
                    if t in tokens and tokens[t] is not p:
                        ambiguous.add(t)
                    tokens[t] = p
        self.by_token = {t: p for t, p in tokens.items() if t not in ambiguous}

    def refs(self, text: str, start: int, end: int) -> list[tuple[int, int, Person]]:
        out: dict[int, tuple[int, int, Person]] = {}
        i = bisect.bisect_left(self.starts, start)
        while i < len(self.mentions) and self.mentions[i][0] < end:
            out[self.mentions[i][0]] = self.mentions[i]
            i += 1
        if self.by_token:
            for m in _CAP_WORD.finditer(text, start, end):
                p = self.by_token.get(m.group().lower().replace("-", ""))
                if p is not None and not any(a <= m.start() < b for a, b, _ in out.values()):
                    out[m.start()] = (m.start(), m.end(), p)
        return sorted(out.values(), key=lambda r: r[0])


def _kind(m: re.Match) -> str:
    for k in ("phone", "video", "summit", "meeting", "visit"):
        if m.group(k):
            return {"phone": "phone call", "video": "video call"}.get(k, k)
    return "meeting"


def _date_for(doc: Document, start: int, end: int, future: bool):
    """The best date in a stretch of text: a written date over a weekday or relative word."""
    found = find_dates(doc.text, start, end, release_date=doc.date, future=future)
    best = None
    approx = None
    for d in found:
        if _DATE_LABEL.search(doc.text, max(0, d.start - 12), d.start):
            continue  # a page's publication date label, not the event's date
        if d.kind == "month":
            approx = approx or _month_approx(doc.text[d.start:d.end], doc.date)
            continue
        rank = {"full": 0, "day": 1, "range": 1, "relative": 2, "weekday": 3}.get(d.kind, 4)
        if d.iso and (best is None or rank < best[0]):
            best = (rank, d.iso)
    return (best[1] if best else None), approx


def _month_approx(expr: str, release_date: str | None):
    """An approximate date for "in April 2016" / "in May": enough to tell past from future."""
    from dipgraph.extract.dates import MONTHS

    words = expr.replace(".", "").split()
    month = MONTHS.get(words[0].lower())
    ref = to_date(release_date)
    year = int(words[1]) if len(words) > 1 and words[1].isdigit() else (ref.year if ref else None)
    if month is None or year is None:
        return None
    return (year, month)


def _events_in_sentence(doc: Document, people: _People, span: tuple[int, int], headline: bool,
                        triggers: list[re.Match]) -> list[Event]:
    """The events whose ``triggers`` stand in one sentence."""
    text = doc.text
    s, e = span
    refs = people.refs(text, s, e)
    if not refs and not doc.countries_between(s, e):
        return []  # no one and no state: nothing to record

    # A trigger right after another ("held a meeting and a working luncheon with") belongs to it.
    possessors = {r[0] for r in refs for t in triggers
                  if t.start() - r[1] < 40 and _POSSESSIVE_GAP.fullmatch(text, r[1], t.start())}
    groups: list[list[re.Match]] = []
    for t in triggers:
        prev_visit = groups and _kind(groups[-1][0]) == "visit" and not any(
            r[0] in possessors and r[1] <= groups[-1][0].start() for r in refs)
        if prev_visit and _kind(t) != "visit" and (_VERBAL.match(t.group()) or _light_verb_before(
                text, t.start(), s)) and not any(
                groups[-1][-1].end() <= r[0] < t.start() and r[0] in possessors for r in refs):
            groups[-1].append(t)
        elif groups and not any(r for r in refs if groups[-1][-1].end() <= r[0] < t.start()) \
                and not any(groups[-1][-1].end() <= r[0] < t.start() and r[0] in possessors for r in refs) \
                and (t.start() - groups[-1][-1].end() < 40 or _kind(t) == "visit" or _kind(groups[-1][0]) == "visit"):
            groups[-1].append(t)
        else:
            groups.append([t])
    events: list[Event] = []
    subjects = [r for r in refs if r[1] <= groups[0][0].start() and r[0] not in possessors]
    for gi, group in enumerate(groups):
        first = group[0]
        seg_end = groups[gi + 1][0].start() if gi + 1 < len(groups) else e
        kind = max((_kind(t) for t in group), key=lambda k: _KIND_RANK[k])
        # the first trigger tells: "a meeting co-hosted by ..." is a noun, whatever verb follows it
        verbal = bool(_VERBAL.match(first.group()) or _light_verb_before(text, first.start(), s))
        ev = Event(kind, first.start(), span, headline=headline, verbal=verbal)
        objects = [r for r in refs if group[0].end() <= r[0] < seg_end and r[0] not in possessors]
        # "President Putin's visit to ...": the possessor owns the trigger
        owner = [r for r in refs if r[0] in possessors and first.start() - r[1] < 40
                 and _POSSESSIVE_GAP.fullmatch(text, r[1], first.start())]
        if owner:
            ev.possessive = True
            ev.subjects = [owner[-1][2]]
        elif (gi == 0 and (verbal or headline)) or verbal or any(
                w in _OWN_PRONOUN for w in text[max(s, first.start() - 30):first.start()].split()[-3:]):
            # "Kang talked to Kono ... after her telephone conversation with Tillerson": her = the subject
            ev.subjects = [r[2] for r in subjects]
            if not ev.subjects and gi > 0:
                ev.verbal = True  # the pronoun names the protagonist
        ev.objects = [r[2] for r in objects if all(r[2] is not p for p in ev.subjects)]
        after = text[group[-1].end():group[-1].end() + 20]
        ev.definite = _definite_before(text, first.start(), s) and not _OWN_PARTIES.match(after) and not ev.possessive
        window_start = max(s, first.start() - 80)
        clause = text[window_start:min(e, group[-1].end() + 40)]
        future = bool(_FUTURE.search(clause.lower())) or bool(headline and re.search(r"\bto\s+\w+", text[s:first.end()]))
        date_start = s if (gi == 0 and not ev.possessive) else first.start()
        ev.date, ev.date_approx = _date_for(doc, date_start, seg_end, future)
        ev.occurred = not future
        ref = to_date(doc.date)
        if ev.date and ref and to_date(ev.date) != ref:
            ev.occurred = to_date(ev.date) < ref
        elif ev.date_approx and ref:
            ev.occurred = ev.date_approx <= (ref.year, ref.month)
        seg_countries = doc.countries_between(first.start() if refs else s, seg_end)
        destinations: list[tuple[str, str | None]] = []
        if kind == "visit":
            last = group[-1]
            if re.search(r"(?:to|in|for)$", last.group()) or (
                    re.match(r"[Vv]isit", last.group()) and re.match(r"\s+(?:the\s+)?[A-Z]", text[last.end():seg_end])):
                # "continuing to the Palestinian Authority", "visited Jordan"
                dest = re.match(r"\s+(?:the\s+)?", text[last.end():seg_end])
            else:
                dest = re.match(r"\s*(?:\w+\s+){0,3}?(?:to|in|for)\s+(?:the\s+)?", text[last.end():seg_end])
            pos = last.end() + dest.end() if dest else -1
            while dest:
                c = doc.country_at(pos)
                cities = [] if c is not None else find_cities(text, pos, min(seg_end, pos + 40))
                if c is not None:
                    destinations.append((c.iso3, None))
                    pos = c.end
                elif cities and cities[0][0] == pos:
                    destinations.append((cities[0][3], cities[0][2]))
                    pos = cities[0][1]
                else:
                    break
                # "to the Palestinian Authority and Jordan": one visit each
                more = re.match(r"(?:\s+\w+)?,?\s+(?:and|or)\s+(?:the\s+)?|,\s+(?:the\s+)?", text[pos:seg_end])
                if not more:
                    break
                pos += more.end()
            if destinations:
                ev.countries.add(destinations[0][0])
                ev.place = destinations[0][1]
        else:
            ev.countries.update(c.iso3 for c in seg_countries if c.kind != "demonym" or not ev.participants)
            if not ev.participants:
                ev.clause_countries = _parties_named(doc, s, seg_end)
                ev.countries = (ev.countries & ev.clause_countries) | {c for c in ev.countries if c == "*pair*"}
        if not ev.participants and _TWO_SIDES.search(text[max(s, first.start() - 40):seg_end]):
            ev.countries.add("*pair*")
        place = None
        for a, b, city, iso3 in find_cities(text, s, e):
            if _IN_AT.search(text, max(s, a - 8), a):
                place = city
                break
        if place is None:
            m = _PLACE.search(text, first.start(), seg_end)
            if m and doc.country_at(m.start(1)) is None and not re.match(r"(?:January|February|March|April|May|"
                                                                          r"June|July|August|September|October|"
                                                                          r"November|December|The)\b", m.group(1)):
                place = m.group(1).strip()
        ev.place = ev.place or place
        for iso3, city in destinations[1:]:
            events.append(Event("visit", ev.start, span, subjects=list(ev.subjects), objects=list(ev.objects),
                                countries={iso3}, date=ev.date, occurred=ev.occurred, place=city, verbal=ev.verbal,
                                possessive=ev.possessive))
        pairs = _country_pairs(doc, first.start(), seg_end) if not ev.participants else []
        if len(pairs) >= 2:
            for pair in pairs:
                twin = Event(ev.kind, ev.start, span, countries=set(pair), date=ev.date, occurred=ev.occurred)
                events.append(twin)
            continue
        events.append(ev)
    return events


_PARTY_BEFORE = re.compile(r"(?:between|of|with|by|for|from|to|among|and)\s+(?:the\s+)?$|[-–—]\s*$|^\s*$")


def _parties_named(doc: Document, start: int, end: int) -> set[str]:
    """States named as parties ("between the ROK and the US", "Presidents of the ROK and Russia",
    "ROK-US-Japan", "Russian-Indian talks"), not as topics ("the situations in Ukraine and Syria")."""
    text = doc.text
    out: set[str] = set()
    prev_ok = False
    prev_end = -1
    for c in doc.countries_between(start, end):
        before = text[max(start, c.start - 14):c.start]
        joined = prev_end >= 0 and re.fullmatch(r",?\s+(?:and|or)\s+(?:the\s+)?|,\s+(?:the\s+)?", text[prev_end:c.start])
        hyphened = re.match(r"\s*[-–—]", text[c.end:c.end + 3]) is not None
        ok = (joined and prev_ok) or hyphened or (not joined and _PARTY_BEFORE.search(before) is not None)
        if ok:
            out.add(c.iso3)
        prev_ok, prev_end = ok, c.end
    return out


def _country_pairs(doc: Document, start: int, end: int) -> list[tuple[str, str]]:
    """ "between ... the ROK and the US, the ROK and Japan, and the US and Japan": each pair once."""
    text = doc.text
    if "between" not in text[max(0, start - 80):end]:
        return []
    cs = [c for c in doc.countries_between(start, end)]
    pairs = []
    i = 0
    while i + 1 < len(cs):
        a, b = cs[i], cs[i + 1]
        if re.fullmatch(r"\s+and\s+(?:the\s+)?", text[a.end:b.start]) and a.iso3 != b.iso3:
            pairs.append((a.iso3, b.iso3))
            i += 2
        else:
            i += 1
    return pairs


def _protagonist(events: list[Event], persons: list[Person], doc: Document) -> Person | None:
    for ev in events:
        if ev.verbal and ev.subjects and not ev.headline:
            return ev.subjects[0]
    for ev in events:
        if ev.subjects:
            return ev.subjects[0]
    body = [p for p in persons if p.mentions[-1].start >= doc.release.body_start]
    own = [p for p in body if p.country and p.country == doc.publisher_country]
    return (own or body or [None])[0]


def _other_side(doc: Document, events: list[Event], hero: Person | None) -> None:
    """Officials the text did not attribute, met by an official of the same state, are of the other side.

    A minister meets a foreign counterpart: when the counterpart's country was only guessed (from the
    publisher), it is the meeting place's state, another participant's, or a state the sentence names as
    a party, whichever first differs from the home side.
    """
    for ev in events:
        parts = ev.participants
        if len(parts) < 2 or any(p.org for p in parts):
            continue
        anchored = [p for p in parts if p is hero or any(p is q for q in ev.subjects)]
        if not anchored:
            if any(p.explicit for p in parts):
                continue  # no telling which side the others are on
            anchored = parts[:1]
        home = anchored[0].country
        others = [p for p in parts if all(p is not q for q in anchored)]
        if any(p.explicit and p.country == home for p in others):
            continue  # the text puts others of the home state beside them: a delegation, not a counterpart
        movable = [p for p in others if not p.explicit and p.country == home]
        if not movable or home is None:
            continue
        candidates = []
        if ev.place and (c := city_country(ev.place)):
            candidates.append(c)
        candidates += [p.country for p in parts if p.explicit and p.country]
        # states the sentence names as a party ("US Scholars", "between the ROK and the US"), not as a
        # topic: a president meeting his own ministers about Syria stays at home
        candidates += sorted(_parties_named(doc, *ev.sentence))
        other = next((c for c in candidates if c != home), None)
        if other is None:
            continue
        for p in movable:
            p.country = other
            p.explicit = True


def _compatible_dates(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _merge_into(a: Event, b: Event) -> None:
    """Fold event ``b`` into ``a``."""
    for p in b.participants:
        if all(p is not q for q in a.participants):
            a.objects.append(p)
    a.countries |= b.countries
    a.date = a.date or b.date
    a.place = a.place or b.place
    a.occurred = a.occurred and b.occurred
    if _KIND_RANK[b.kind] > _KIND_RANK[a.kind] and a.kind != "visit" or a.kind == "visit" and b.kind != "visit":
        a.kind = b.kind


def _ids(ev: Event) -> set[int]:
    return {id(p) for p in ev.participants}


def find_meetings(doc: Document, persons: list[Person]) -> list[Meeting]:
    text = doc.text
    people = _People(persons)
    head_span = _title_span(doc)
    events: list[Event] = []
    by_sentence: dict[tuple[int, int], list[re.Match]] = {}
    for k in _KEYWORDS.finditer(text):
        t = _TRIGGER.match(text, k.start())
        if t is None:
            continue
        span = doc.sentence_at(t.start())
        if span[0] < span[1] and t.end() <= span[1]:
            by_sentence.setdefault(span, []).append(t)
    for span, triggers in by_sentence.items():
        headline = head_span is not None and head_span[0] <= span[0] and span[1] <= head_span[1]
        events.extend(_events_in_sentence(doc, people, span, headline, triggers))
    if not events:
        return []
    hero = _protagonist(events, persons, doc)
    # the release's main pair of states: those of the first event between two states
    pair: set[str] = set()
    for ev in events:
        cs = {p.country for p in ev.participants if p.country}
        if len(cs) >= 2:
            pair = cs
            break
    # fill in subjects named by pronoun or role, counterparts named only as "his Russian counterpart"
    for ev in events:
        if hero is not None and not ev.subjects and not ev.possessive and (ev.verbal or ev.headline) \
                and all(hero is not p for p in ev.objects):
            ev.subjects = [hero]
        seg = text[ev.start:ev.sentence[1]]
        cp = re.search(r"\b(?:his|her|their)\s+((?:[\w’'.\-]+\s+){0,2})counterpart\b(?!\s*,?\s*[A-Z])", seg)
        if cp:
            countries = {c.iso3 for c in doc.countries_between(ev.start + cp.start(1), ev.start + cp.end(1))}
            same = [p for p in persons if p.country in countries]
            if len(same) == 1 and all(same[0] is not q for q in ev.participants):
                ev.objects.append(same[0])
    # a definite reference joins the event before it
    joined: list[Event] = []
    for ev in events:
        prev = next((j for j in reversed(joined) if j.kind != "visit" and not j.possessive), None)
        if prev is not None and ev.definite and ev.date is None and ev.kind != "visit" and not ev.headline \
                and ev.sentence[0] - prev.sentence[1] < 400 and (ev.kind == prev.kind or ev.kind == "meeting") \
                and (ev.participants or ev.countries - {"*pair*"} <= prev.countries | {
                    p.country for p in prev.participants}):
            _merge_into(prev, ev)
            continue
        joined.append(ev)
    events = joined
    # the headline event is the body's first event of the same kind
    head = [ev for ev in events if ev.headline]
    body = [ev for ev in events if not ev.headline]
    for h in head:
        for b in body:
            if b.kind == h.kind or {b.kind, h.kind} <= {"meeting", "summit"}:
                hp = _ids(h)
                extra = [p for p in h.participants if id(p) not in _ids(b)]
                if hp & _ids(b) or not b.participants and b.occurred == h.occurred and (
                        not b.countries - {"*pair*"} or b.countries - {"*pair*"} <= h.countries | {
                            p.country for p in h.participants} | {doc.publisher_country}):
                    new = [p for p in extra if p is not hero and b.participants]
                    h_rest = Event(h.kind, h.start, h.sentence, subjects=[hero] if hero else [], objects=new,
                                   occurred=h.occurred) if new else None
                    for p in extra:
                        if p not in new:
                            b.objects.append(p)
                    if not b.participants:
                        b.objects.extend(extra)
                    b.countries |= h.countries
                    b.place = b.place or h.place
                    h.kind = "_merged"
                    if h_rest is not None:
                        events.append(h_rest)
                break
    events = [ev for ev in events if ev.kind != "_merged"]
    _other_side(doc, events, hero)
    # resolve countries
    for ev in events:
        cs = {p.country for p in ev.participants if p.country}
        if ev.participants:
            ev.countries = {c for c in ev.countries if c != "*pair*" and (ev.kind == "visit" or c in cs)} | cs
        else:
            if len(ev.countries - {"*pair*"}) < 2 and len(ev.clause_countries) >= 2:
                ev.countries = set(ev.clause_countries)  # "the ROK-US-Japan vice ministerial-level meeting"
            if "*pair*" in ev.countries:
                ev.countries.discard("*pair*")
                if len(ev.countries) < 2 or not ev.countries <= pair:
                    ev.countries = set(pair) if pair else ev.countries
    # "Telephone conversation with President X" in a ministry's release: the other side is the publisher
    for ev in events:
        parts = ev.participants
        if ev.headline and ev.kind != "visit" and len(parts) == 1 and doc.publisher_country \
                and parts[0].country not in (None, doc.publisher_country):
            ev.countries.add(doc.publisher_country)
    # keep what is a meeting between states
    kept: list[Event] = []
    for ev in events:
        parts = ev.participants
        if ev.kind == "visit":
            if not parts or not ev.countries - {p.country for p in parts}:
                continue  # a visit needs a visitor and somewhere to go
        elif not parts:
            if len(ev.countries) < 2:
                continue
        else:
            sides = {p.country or p.org for p in parts} - {None}
            if len(parts) >= 2 and len(sides) < 2 and len(ev.countries - {"*pair*"} | sides) < 2:
                continue  # officials of one state among themselves
            if len(parts) == 1 and len(ev.countries | {parts[0].country} - {None, "*pair*"}) < 2 and not (
                    ev.verbal and _FOREIGN_GUESTS.search(text, ev.start, ev.sentence[1])):
                continue  # one official and no other state: a domestic meeting
        kept.append(ev)
    # same participants and compatible dates: one event
    merged: list[Event] = []
    for ev in kept:
        for m in merged:
            if ev.kind == "visit" and m.kind == "visit":
                # one trip told twice ("X's visit to Russia." / "X will pay a visit to Russia"); trips to
                # different places are different visits
                if _ids(ev) == _ids(m) and ev.countries == m.countries and _compatible_dates(ev.date, m.date):
                    _merge_into(m, ev)
                    break
                continue
            if m.occurred != ev.occurred or "visit" in (ev.kind, m.kind):
                continue  # a trip and a meeting are told apart below
            if ev.participants and m.participants:
                a, b = _ids(ev), _ids(m)
                separate = ev.verbal and m.verbal and ev.objects and a != b and not ev.headline and not m.headline
                if (a <= b or b <= a) and not separate and _compatible_dates(ev.date, m.date) and (
                        m.kind == ev.kind or a == b or "visit" not in (m.kind, ev.kind)):
                    _merge_into(m, ev)
                    break
            elif not ev.participants and not m.participants:
                if ev.kind == m.kind and ev.countries == m.countries and ev.date == m.date:
                    _merge_into(m, ev)
                    break
            elif not ev.participants and ev.kind == m.kind and ev.countries <= {p.country for p in m.participants} \
                    and (ev.date == m.date and (ev.date or ev.kind != "meeting")
                         or ev.date is None and ev.date_approx is None):
                # "Russian-Tajikistani talks" are the talks the body reports; a meeting dated otherwise
                # ("in April 2016") is another one
                _merge_into(m, ev)
                break
        else:
            merged.append(ev)
    # the main event takes the release date when the text gives none
    for ev in merged:
        if ev.kind == "visit" or ev.possessive and not ev.headline:
            continue
        if ev.date is None and ev.occurred and doc.date and ev.participants and \
                (ev.headline or _first_sentences(doc, ev, 2)):
            ev.date = doc.date
        break
    # a trip gives way to the meetings held during it
    out: list[Meeting] = []
    for ev in merged:
        if ev.kind == "visit":
            visitors = _ids(ev)
            dest = ev.countries - {p.country for p in ev.participants}
            if any(m is not ev and m.kind != "visit" and visitors & _ids(m) and (not dest or dest & m.countries)
                   for m in merged):
                continue
            ev.countries |= {p.country for p in ev.participants if p.country}
        out.append(Meeting(ev.kind, ev.date, ev.place, tuple(p.name for p in ev.participants),
                           tuple(sorted(ev.countries)), ev.occurred, span=ev.sentence))
    return out


def _title_span(doc: Document) -> tuple[int, int] | None:
    title = doc.release.title
    if not title:
        return None
    end = doc.release.body_start
    if end >= len(title) and doc.text[end - len(title):end] == title:
        return end - len(title), end
    start = doc.text.find(title, 0, max(end, len(title)) + 200)
    return (start, start + len(title)) if start >= 0 else None


def _first_sentences(doc: Document, ev: Event, n: int) -> bool:
    body = [s for s in doc.sentences if s[0] >= doc.release.body_start]
    return ev.sentence in body[:n]
