"""Words of diplomatic prose the rules share: titles of office, honorifics, organisations, stop words.

These are general English vocabulary of government and diplomacy, not names of particular people.
"""
from __future__ import annotations

import re

_UPPER_CHARS = "".join(ch for ch in map(chr, range(0xC0, 0x250)) if ch.isupper())
_LOWER_CHARS = "".join(ch for ch in map(chr, range(0xC0, 0x250)) if ch.islower())
UPPER = "A-Z" + _UPPER_CHARS
LOWER = "a-z" + _LOWER_CHARS
LETTER = UPPER + LOWER

# The core noun of a title of office: "Foreign *Minister*", "*Secretary* of State", "Deputy *Ambassador*".
TITLE_CORES = (
    "President", "Vice President", "Vice-President", "Prime Minister", "Premier", "Chancellor", "Minister",
    "Secretary", "Secretary-General", "Secretary General", "Under-Secretary-General", "Ambassador", "Envoy",
    "Representative", "Spokesperson", "Spokesman", "Spokeswoman", "Councilor", "Councillor", "Counsellor",
    "Counselor", "Chairperson", "Chairman", "Chairwoman", "Chair", "Director", "Director-General",
    "Director General", "Administrator", "Commissioner", "Governor", "Governor-General", "Senator", "Speaker",
    "King", "Queen", "Emir", "Amir", "Sultan", "Crown Prince", "Emperor", "Pope", "Mayor", "Adviser",
    "Advisor", "Admiral", "Commander", "Chief of Staff", "Chief Executive", "Officer", "Attorney General",
    "Prosecutor General", "Prosecutor", "Consul General", "Consul-General", "Consul", "Chargé d'Affaires",
    "Charge d'Affaires", "Coordinator", "Head", "Leader", "Aide", "Press Secretary", "Deputy", "Vice Premier",
    "Vice Chairman", "Vice Chair", "Grand Duke", "Chief Justice", "FM", "PM", "CS", "CEO", "Minister-Counsellor",
    "Minister-President", "Supreme Leader", "Governor General", "General", "President-Elect", "President-elect",
    "Prime Minister-Designate", "Prime Minister-designate", "Vice President-Elect", "Vice President-elect",
)
# Words that may stand inside a title ("Minister *of Foreign Affairs and International Cooperation*").
TITLE_WORDS = set("""
Acting Deputy Vice First Second Assistant Under Senior Special Chief Executive Permanent Federal State Grand Crown
High Supreme National Foreign Prime Cabinet Interim Parliamentary Presidential Press Trade Defence Defense
Finance Financial Economy Economic Economics Interior Home Justice Health Energy Agriculture Agricultural Education
Culture Cultural Environment Environmental Transport Transportation Commerce Industry Industrial Labour Labor
Security Intelligence Treasury Development Sports Sport Tourism Communications Communication Information Science
Sciences Technology Technologies Digital Climate Affairs Relations International Cooperation Co-operation
Political Politics Public Diplomacy Consular Legal Multilateral Bilateral Regional Global Human Rights Resource
Resources Social Natural Emergency Emergencies Situations Investment Investments Planning Water Fisheries Forestry
Mines Mining Oil Gas Petroleum Power Electricity Works Housing Urban Rural Infrastructure Youth Women Family
Children Labour Employment Migration Immigration Citizenship Veterans Homeland Armed Forces Staff Joint General
Military Naval Navy Army Air Force Civil Aviation Maritime Ocean Oceans Arms Control Nonproliferation
Non-Proliferation Counterterrorism Terrorism Narcotics Law Enforcement Population Refugees Humanitarian Aid
Management Budget Revenue Taxation Customs Statistics Audit Trade-Related Economic-Related Communications Media
Asia Asian Pacific Europe European Eurasia Eurasian Africa African America Americas Near East Eastern Western
Southern Northern Central South North East West Middle Hemisphere Caribbean Arctic Antarctic Baltic Nordic Gulf
Levant Balkans Sahel Horn Region Regions Territories Territory Provinces Province Capital City Municipal
Relations Ministry Ministries Department Office Bureau Council Commission Committee Union Nations United Organization
Organisation Agency Authority Secretariat Delegation Mission Embassy Consulate Parliament Assembly Congress Senate
House Representatives Duma Court Government Administration Board Advisory Policy Planning Spokesperson Cabinet
Kingdom Republic Federation Commonwealth Principality Sultanate Emirate Emirates Islamic Democratic People's
Socialist Arab Islamic Chamber Commerce Staff Strategic Strategy Operations Office Counsel Counselor
Minister Ministers Secretary Secretaries Director Directorate Head Heads Chairman Chairperson President Presidency
Ambassador Ambassadors Envoy Representative Representatives Leader Leaders Coordinator Commissioner General Generals
Executive Officer Officers Plenipotentiary Extraordinary Designate Elect Emeritus Former Outgoing Incoming Acting
Secretary-General Director-General Under-Secretary Undersecretary Vice-Minister Vice-Chairman Affairs Relations
Cooperation Development Mongolia Intergovernmental Economic Scientific Technical Trade Investment Partnership
Protection Social Employment Natural Environment Heritage Antiquities Culture Tourism Information Broadcasting
Sport Youth Gender Equality Disability Disabilities Innovation Entrepreneurship Small Medium Enterprises Post
Telecommunications Technology Outer Space Atomic Nuclear Peaceful Uses Energy Renewable Sustainable Solid Waste
Disarmament Peace Peacekeeping Peacebuilding Conflict Prevention Crisis Response Reconstruction Recovery Relief
Service Services Inspectorate Corporation Company Institute Academy Society Guard Police Customs Surveillance
Supervision Oversight Monitoring Control Regulation Standards Registry Archives Railways Post Bureau Fund
""".split())
HONORIFIC = (r"(?:(?:H\.\s?E\.|His|Her|Their)\s+(?:Excellency|Excellencies|Royal\s+Highness|Highness|Majesty|Holiness|"
             r"Eminence|Beatitude)|H\.\s?E\.|HE|Excellency|Mr\.?|Mrs\.?|Ms\.?|Mme\.?|Madam|Madame|Dr\.?|Prof\.?|"
             r"Professor|Hon\.?|(?:The\s+)?(?:Right\s+)?Hon(?:ou)?rable|Rt\.?\s+Hon\.?|Sir|Dame|Lord|Lady|Ambassador|"
             r"Cardinal|Archbishop|Bishop|Rev\.?|Reverend|Father|General|Gen\.|Admiral|Adm\.|Colonel|Col\.|"
             r"Lieutenant|Captain|Senator|Sen\.|Rep\.|Gov\.|Mayor|Justice|Judge)")
# Name words kept in a name: "Prince Faisal bin Farhan", "Sheikh Tamim bin Hamad".
NAME_PREFIXES = ("Prince", "Princess", "Sheikh", "Sheikha", "Sheik")
PARTICLES = ("bin", "bint", "ibn", "binti", "al", "el", "de", "da", "do", "dos", "das", "di", "del", "della", "van",
             "von", "der", "den", "ter", "le", "la", "du", "y", "abu", "ben", "af", "zu", "Al", "El", "Abu", "Ould",
             "ould", "Bin", "Van", "Von", "De", "Da", "Di", "Le", "La", "Du", "Del", "Ben")

# Capitalised words that never start or continue a person's name in these texts.
STOP_NAME = set("""
The A An This That These Those His Her Their Its Our Your My We He She They It I You Mr Mrs Ms Dr In On At By For
With From To Of And Or But As If When While After Before During Following Since Under Over Upon Through Today
Yesterday Tomorrow Tonight Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
May June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
Meets Met Meet Meeting Meetings Holds Held Hold Calls Call Called Speaks Spoke Talks Talk Talked Visits Visit Visited
Visiting Receives Received Hosts Hosted Attends Attended Signs Signed Says Said Welcomes Welcomed Congratulates
Discusses Discussed Launches Announces Announced Travels Travel Pays Paid Concludes Delivers Opens Chairs Joins Leads
Urges Condemns Expresses Sends Selects Names Nominates Appoints Issues Addresses Highlights Emphasizes Stresses Reaffirms Agrees Agree Will Would
Can Could Should Must Has Have Had Is Are Was Were Be Been Being Do Does Did Not No Yes Also Then There Here Now
Phone Telephone Conversation Readout Remarks Statement Statements Press Release Briefing Interview Joint Message
Greetings Condolences Letter Video Virtual Conference Summit Forum Session Dialogue Consultations Negotiations
Working Official State Courtesy Bilateral Trilateral Multilateral Sidelines Occasion Ceremony Dinner Lunch Luncheon
Breakfast Reception Trip Tour Mission Delegation Delegations Talks Participants Members Member Both Two Three All
Each Every Other Another Some Such Any Many More Most Several First Second Third Last Next New Old Good Great
Regarding About Against Between Among Without Within Toward Towards Into Onto Via Per Amid Across Along Around
Behind Beyond Despite Except Like Near Off Out Outside Past Round Unlike Until Up Down Please Thank Thanks Welcome
Dear Ladies Gentlemen Colleagues Friends Question Answer Response Applause Note Notes Background Related Content See
Also Top Page Home News Photo Photos Videos Transcript Transcripts Text Version Print Share Download Full Read More
Secretary-General Director-General Under-Secretary-General Vice-President Ministry Government Council Union Nations
Committee Commission Department Office Embassy Parliament Assembly Congress Senate House Court Party Bank Agency
Organization Organisation Forum Group Forces Army Navy Federation Republic Kingdom State States Association Institute
University Center Centre Foundation Fund Program Programme Initiative Plan Agreement Treaty Declaration Resolution
Charter Convention Protocol Memorandum Understanding Roadmap Accord Partnership Strategic Strategy Alliance
Administration Cabinet Presidency Kremlin Palace White Security Peace War Defense Defence
Foreign Prime Deputy Acting Vice Chief Special Senior Assistant Under Executive Permanent Federal Supreme National
Minister Ministers President Presidents Secretary Secretaries Ambassador Ambassadors Chancellor Premier Envoy
Representative Spokesperson Spokesman Spokeswoman Councilor Councillor Counsellor Chairperson Chairman Chairwoman
Chair Director Administrator Commissioner Governor Senator Speaker King Queen Emir Amir Sultan Crown Emperor Pope
Mayor Adviser Advisor Admiral Commander Officer Attorney Prosecutor Consul Coordinator Head Leader Leaders Aide General
Majesty Highness Excellency Excellencies Honourable Honorable Minister-Counsellor FM PM CS CEO MP UN EU AU US UK
Affairs Relations Cooperation Development International Public Political Economic Trade Energy Health Affairs
Korean Peninsula Middle East Asia Europe Africa America Pacific Atlantic Arctic Indo-Pacific Region Gulf Sea Ocean
Covid COVID-19 Coronavirus Pandemic Year Years Day Days Week Weeks Month Months Century Anniversary Independence
Constitution Olympic Olympics Games Cup Expo Day Eve Christmas Easter Ramadan Eid Hanukkah Diwali Lunar Spring
Festival Prize Award Order Medal Hero Labour Labor Friendship Merit Honour Honor Cross Star Legion Distinguished
Service Services Inspectorate Corporation Company Academy Society Guard Police Customs Surveillance Supervision
Medical-Biological Railways Post Board Chamber Directorate Authority Jr Sr Opening Closing Keynote Welcoming
Introductory Concluding Virtual Travel Trip Op-Ed Earlier Later Roundtable Panel Discussion Tests Positive Negative
Town Hall Fireside Chat Webinar Livestream Photo-Op Pool Spray Gaggle Briefing Background
Archipelago Island Islands Oblast Krai Okrug Peninsula Mountains River Lake Bay Strait Valley Desert Coast
""".split())

# International organisations, as written -> short name. Officials of these have no country.
ORGS = {
    "United Nations": "UN", "UN": "UN", "U.N.": "UN", "UN Security Council": "UN", "Security Council": "UN",
    "General Assembly": "UN", "European Union": "EU", "EU": "EU", "European Commission": "EU",
    "European Council": "EU", "European Parliament": "EU", "African Union": "AU", "AU": "AU",
    "African Union Commission": "AU", "ASEAN": "ASEAN", "Association of Southeast Asian Nations": "ASEAN",
    "NATO": "NATO", "North Atlantic Treaty Organization": "NATO", "OSCE": "OSCE", "IAEA": "IAEA",
    "International Atomic Energy Agency": "IAEA", "WHO": "WHO", "World Health Organization": "WHO",
    "IMF": "IMF", "International Monetary Fund": "IMF", "World Bank": "World Bank", "WTO": "WTO",
    "World Trade Organization": "WTO", "OPEC": "OPEC", "CSTO": "CSTO", "SCO": "SCO",
    "Shanghai Cooperation Organisation": "SCO", "Shanghai Cooperation Organization": "SCO", "CIS": "CIS",
    "Commonwealth of Independent States": "CIS", "Eurasian Economic Union": "EAEU", "EAEU": "EAEU",
    "Eurasian Economic Commission": "EAEU", "Arab League": "Arab League", "League of Arab States": "Arab League",
    "GCC": "GCC", "Gulf Cooperation Council": "GCC", "OAS": "OAS", "Organization of American States": "OAS",
    "OIC": "OIC", "Organisation of Islamic Cooperation": "OIC", "Organization of Islamic Cooperation": "OIC",
    "Council of Europe": "Council of Europe", "ICRC": "ICRC", "International Committee of the Red Cross": "ICRC",
    "UNICEF": "UNICEF", "UNHCR": "UNHCR", "UNESCO": "UNESCO", "UNDP": "UNDP", "WFP": "WFP",
    "World Food Programme": "WFP", "ECOWAS": "ECOWAS", "SADC": "SADC", "IGAD": "IGAD", "Interpol": "Interpol",
    "INTERPOL": "Interpol", "International Criminal Court": "ICC", "ICC": "ICC", "International Court of Justice": "ICJ",
    "OECD": "OECD", "Commonwealth": "Commonwealth", "Pacific Islands Forum": "PIF", "CARICOM": "CARICOM",
    "AUDA-NEPAD": "AU", "NEPAD": "AU", "Collective Security Treaty Organisation": "CSTO",
    "Collective Security Treaty Organization": "CSTO", "Mercosur": "Mercosur", "MERCOSUR": "Mercosur",
}
ORG_RE = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, ORGS), key=len, reverse=True)) + r")(?![\w-])")
# An organisation's name opening a title ("United Nations Secretary-General", "General Assembly President"):
# ORG_BEFORE_RE finds it ending where a title's first word ends, ORG_OPENING_RE at the title's start. Not a
# bare "Security Council", which is also a state's body ("Security Council Secretary Nikolai Patrushev").
_TITLE_ORGS = "|".join(sorted(map(re.escape, set(ORGS) - {"Security Council"}), key=len, reverse=True))
ORG_BEFORE_RE = re.compile(r"(?<![\w-])(" + _TITLE_ORGS + r")$")
ORG_OPENING_RE = re.compile(r"(" + _TITLE_ORGS + r")(?=\s+[A-Z])")  # and a title word after it, not "and"/"of"
