"""Meetings: kinds, participants, dates, and planned versus held."""
from __future__ import annotations

from dipgraph.extract import extract
from dipgraph.models import Release


def meetings(text, date="2021-03-10", publisher_country="KOR", title=None):
    full = f"{title}\n\n{text}" if title else text
    rel = Release(source="t", text=full, title=title, date=date, publisher_country=publisher_country,
                  body_start=len(title) + 2 if title else 0)
    return extract(rel).meetings


def test_meeting_held_with_date_and_participants():
    [m] = meetings("On March 9, Foreign Minister Lee Sang-ho met with Foreign Minister Ken Tanaka of Japan in Tokyo.")
    assert (m.kind, m.date, m.occurred) == ("meeting", "2021-03-09", True)
    assert m.participants == ("Lee Sang-ho", "Ken Tanaka")
    assert m.countries == ("JPN", "KOR")
    assert m.place == "Tokyo"


def test_phone_call_today():
    [m] = meetings("Foreign Minister Lee Sang-ho spoke by phone today with Foreign Minister Ken Tanaka of Japan.")
    assert (m.kind, m.date, m.occurred) == ("phone call", "2021-03-10", True)


def test_video_call():
    [m] = meetings("Foreign Minister Lee Sang-ho held a video conference with Foreign Minister Ken Tanaka of "
                   "Japan on March 8.")
    assert m.kind == "video call" and m.date == "2021-03-08"


def test_planned_meetings():
    for text in ("Foreign Minister Lee Sang-ho will visit Japan on March 20.",
                 "Foreign Minister Lee Sang-ho is scheduled to meet Foreign Minister Ken Tanaka of Japan.",
                 "Foreign Minister Lee Sang-ho looks forward to meeting Foreign Minister Ken Tanaka of Japan.",
                 "The two sides agreed to hold a summit between the ROK and Japan."):
        found = meetings(text)
        assert found and all(not m.occurred for m in found), text


def test_summit_between_states_without_names():
    [m] = meetings("The ministers recalled the summit talks between the ROK and Japan in November 2020.")
    assert (m.kind, m.date, m.participants, m.countries, m.occurred) == ("summit", None, (), ("JPN", "KOR"), True)


def test_headline_meeting_joins_the_body_meeting():
    found = meetings("Foreign Minister Lee Sang-ho met with Foreign Minister Ken Tanaka of Japan on March 9.",
                     title="Foreign Minister Meets with his Japanese Counterpart")
    assert len(found) == 1 and found[0].date == "2021-03-09"


def test_visit_gives_way_to_its_meetings():
    found = meetings("During his visit to Japan, Foreign Minister Lee Sang-ho met with Foreign Minister "
                     "Ken Tanaka of Japan on March 9.")
    assert [m.kind for m in found] == ["meeting"]


def test_visit_without_itemised_meetings():
    [m] = meetings("Foreign Minister Lee Sang-ho visited Jordan on March 8.")
    assert (m.kind, m.date, m.countries, m.occurred) == ("visit", "2021-03-08", ("JOR", "KOR"), True)


def test_officials_of_one_state_do_not_make_a_meeting():
    assert meetings("Foreign Minister Lee Sang-ho met with Vice Minister Choi Jong-kun of Korea.") == ()


def test_date_unknowable_without_release_date():
    [m] = meetings("On March 9, Foreign Minister Lee Sang-ho met with Foreign Minister Ken Tanaka of Japan.", date=None)
    assert m.date is None


def test_a_delegation_with_one_of_its_state_named_stays_at_home():
    # the ambassador is explicitly Russian: those listed with him are the Russian party, not the other side
    text = ("President Ivan Petrov held talks with Prime Minister of Kazakhstan Arman Serikov\n\n"
            "The Russian party was represented at the talks by First Deputy Prime Minister Oleg Sokolov, "
            "Deputy Chief of Staff Pavel Orlov and Russian Ambassador to Kazakhstan Boris Volkov.")
    release = Release(source="t", text=text, date="2000-01-19", publisher_country="RUS")
    assert {(o.name, o.country) for o in extract(release).officials} == {
        ("Ivan Petrov", "RUS"), ("Arman Serikov", "KAZ"), ("Oleg Sokolov", "RUS"), ("Pavel Orlov", "RUS"),
        ("Boris Volkov", "RUS")}
