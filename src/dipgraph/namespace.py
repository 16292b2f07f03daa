"""The dipgraph ontology's terms as an rdflib DefinedNamespace (``ontology/dipgraph.ttl``).

A misspelt term fails at once: ``DIP.Meetng`` raises AttributeError. ``tests/test_ontology.py``
checks that this list and the ontology declare exactly the same terms.
"""
import pyoxigraph as ox
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class DIP(DefinedNamespace):
    _fail = True
    _NS = Namespace("https://w3id.org/dipgraph/ns#")

    # classes
    Agreement: URIRef  # A named instrument between states: treaty, convention, protocol, agreement, memorandum of understanding, plan, programme, roadmap, declaration, joint statement or accord
    Country: URIRef  # A sovereign state (or TWN, PSE, XKX), identified by its ISO 3166-1 alpha-3 code, which its IRI is built on
    Extraction: URIRef  # One run of dipgraph's extractor over one release: the activity that generated the release's named graph
    Meeting: URIRef  # An encounter between officials of two or more states (or of a state and an international organisation) that a release reports, held or planned: in-person meetings and talks, and the more specific calls, visits and summits
    Official: URIRef  # A named person who holds or held a public office, identified within the state they serve
    PhoneCall: URIRef  # A telephone conversation between officials
    Place: URIRef  # A city or venue where a meeting took place, as the release names it
    PostHolding: URIRef  # An official seen holding a role for a state on a given date, as one release reports it; together they make the official's post history
    Publisher: URIRef  # The ministry, office or organisation that published a release
    Release: URIRef  # A press release, readout or statement published by a ministry or government office
    Resolution: URIRef  # A numbered resolution of a United Nations organ (Security Council, General Assembly, Human Rights Council) or of the IAEA Board of Governors
    Retrieval: URIRef  # The fetching of a release's text from where it was published
    Role: URIRef  # An office as releases name it, such as Foreign Minister or Secretary of State, independent of who holds it
    Signing: URIRef  # The signing or adoption of an agreement on the occasion a release reports
    Store: URIRef  # A dipgraph store: one named graph per release plus reference data, described with the versions that wrote it
    Summit: URIRef  # A meeting of heads of state or government, bilateral or multilateral
    VideoCall: URIRef  # A video conference between officials
    Visit: URIRef  # A trip by officials of one state to another, recorded as such when the release itemises no specific meeting during it

    # properties
    body: URIRef  # The organ that adopted the resolution: UNSC, UNGA, UNHRC, IAEA-BOG or other
    cameoCode: URIRef  # The CAMEO event code of a meeting, call, visit, summit or signing, as a concept of the CAMEO scheme
    bodyStart: URIRef  # Offset in the release text where the body begins, after page chrome and headline
    citesResolution: URIRef  # The release cites this resolution
    contentHash: URIRef  # SHA-256 (hex) of the release text, title, date, publisher and publishing state: a changed hash means a changed release
    country: URIRef  # The state an official serves or a post is held for
    dipgraphVersion: URIRef  # The version of dipgraph that last wrote releases to the store
    extractorVersion: URIRef  # The version of dipgraph's extraction rules: that ran in an extraction, or that last wrote releases to the store
    heldPost: URIRef  # A post holding in which this official was seen
    identityKey: URIRef  # What identifies the release and its IRI: its URL when known, else its publisher, date and title, else a hash of its text
    involvesCountry: URIRef  # A state whose officials took part in the meeting, or that is party to the signing
    iso2: URIRef  # The country's two-letter ISO 3166-1 code
    iso3: URIRef  # The country's three-letter ISO 3166-1 code (XKX for Kosovo)
    isoNumeric: URIRef  # The country's three-digit ISO 3166-1 numeric code, as a string
    mentionsAgreement: URIRef  # The release names this agreement
    mentionsCountry: URIRef  # The release names this state
    mentionsOfficial: URIRef  # The release names this official
    observedOn: URIRef  # The date of the release that shows the official in the post
    occurred: URIRef  # True when the release reports the meeting as held or under way; false when it is only planned, proposed or expected
    ontologyVersion: URIRef  # The owl:versionInfo of the dipgraph ontology whose terms the store's graphs use
    organisation: URIRef  # The international organisation an official serves (UN, EU, AU, ASEAN…), when not a state
    participant: URIRef  # An official who took part (or is to take part) in the meeting
    party: URIRef  # A state that is party to the agreement
    ploverCategory: URIRef  # The PLOVER event category of a meeting, call, visit, summit or signing, as a concept of the PLOVER scheme
    ploverMode: URIRef  # The PLOVER mode that refines the category (phone, visit, third-party), when one applies
    publisherCountry: URIRef  # The state whose ministry or office published the release
    publisherName: URIRef  # The name of the ministry or office that published the release
    quote: URIRef  # The words of the release an event was read from: the oa:exact of its evidence, repeated on the event so that a query reads it in one step
    resolutionNumber: URIRef  # The resolution's number exactly as the organ numbers it ("2270", "68/262")
    signedAgreement: URIRef  # The agreement signed or adopted at this signing
    sourceIdentifier: URIRef  # The identifier the release had in the archive it was read from
    sourceLocation: URIRef  # The file, archive line or URL the release was read from
    storeFormat: URIRef  # The number of the layout the store's graphs follow
    text: URIRef  # The release text exactly as read; extraction and evidence offsets refer to it
    textHash: URIRef  # SHA-256 (hex) of the release text alone (dip:text): on a release, the hash of its text; on an evidence target, the hash of the text its selectors point into


class OA(DefinedNamespace):
    """The W3C Web Annotation vocabulary terms dipgraph writes (evidence for every extracted fact)."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")

    Annotation: URIRef
    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    end: URIRef
    exact: URIRef
    hasBody: URIRef
    hasSelector: URIRef
    hasSource: URIRef
    hasTarget: URIRef
    identifying: URIRef
    motivatedBy: URIRef
    prefix: URIRef
    start: URIRef
    suffix: URIRef


CAMEO = Namespace("https://w3id.org/dipgraph/cameo/")
"""The CAMEO event codes as SKOS concepts (``ontology/cameo.ttl``): ``CAMEO["040"]``."""

PLOVER = Namespace("https://w3id.org/dipgraph/plover/")
"""The PLOVER event categories and modes as SKOS concepts (``ontology/plover.ttl``): ``PLOVER.CONSULT``."""

ID = Namespace("https://w3id.org/dipgraph/id/")
"""Where dipgraph mints the IRIs of the things it describes."""

GRAPH = Namespace("https://w3id.org/dipgraph/graph/")
"""Names of the store's own graphs (country reference data, store metadata)."""


class OxTerms:
    """A namespace's terms as pyoxigraph NamedNodes, each built once: ``OxTerms(DIP).Meeting``.

    The mapper builds millions of quads for a large corpus; converting rdflib terms for each one
    would cost more than the rest of the mapping. Misspelt terms of a DefinedNamespace still fail.
    """

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        node = ox.NamedNode(str(getattr(self._namespace, name)))
        setattr(self, name, node)  # later lookups are plain attribute reads
        return node

    def __getitem__(self, name: str) -> ox.NamedNode:
        return ox.NamedNode(str(self._namespace[name]))
