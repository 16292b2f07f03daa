"""Officials: every common order of title and name, counterparts, short mentions, countries."""
from __future__ import annotations

from dipgraph.extract import extract
from dipgraph.models import Release


def officials(text, publisher_country="KOR", **kw):
    ex = extract(Release(source="t", text=text, publisher_country=publisher_country, **kw))
    return {(o.name, o.title, o.country, o.org) for o in ex.officials}


def test_title_before_name():
    assert officials("Foreign Minister Lee Sang-ho met the press.") == {
        ("Lee Sang-ho", "Foreign Minister", "KOR", None)}


def test_demonym_before_title():
    assert ("Ivan Petrov", "Foreign Minister", "RUS", None) in officials(
        "He spoke with Russian Foreign Minister Ivan Petrov.")


def test_name_comma_title_of_country():
    assert officials("Ivan Petrov, Minister of Foreign Affairs of Russia, arrived.") == {
        ("Ivan Petrov", "Minister of Foreign Affairs", "RUS", None)}


def test_title_name_of_country():
    assert ("Ken Tanaka", "Foreign Minister", "JPN", None) in officials(
        "She called Foreign Minister Ken Tanaka of Japan.")


def test_counterpart():
    found = officials("Minister Lee Sang-ho met his Russian counterpart Ivan Petrov.")
    assert ("Ivan Petrov", None, "RUS", None) in found


def test_honorifics_dropped_prince_and_sheikh_kept():
    found = officials("The minister met H.E. Dr. Omar Haddad, Minister of Energy of Jordan, and "
                      "His Highness Prince Faisal bin Khalid, Minister of Foreign Affairs of Saudi Arabia.")
    names = {n for n, *_ in found}
    assert "Omar Haddad" in names
    assert "Prince Faisal bin Khalid" in names


def test_short_mentions_join_the_full_name():
    found = officials("Foreign Minister Lee Sang-ho met Secretary of State John Carter of the US. "
                      "Minister Lee said the talks were useful. Secretary Carter agreed.")
    assert found == {("Lee Sang-ho", "Foreign Minister", "KOR", None),
                     ("John Carter", "Secretary of State", "USA", None)}


def test_surname_comma_given_name():
    found = officials("Foreign Minister KANG, Kyung-ho spoke.")
    assert {n for n, *_ in found} == {"Kang Kyung-ho"}


def test_organisation_officials_have_no_country():
    found = officials("UN Secretary-General Anna Berg met President Tom Reyes.", publisher_country="PHL")
    assert ("Anna Berg", "Secretary-General", None, "UN") in found
    assert ("Tom Reyes", "President", "PHL", None) in found


def test_an_organisation_named_in_full_before_the_title_is_the_officials():
    # the organisation's name is left out of the title, as a state's is
    assert officials("The Minister met United Nations Secretary-General Anna Berg and World Bank President Tom Reyes.",
                     publisher_country="RUS") == {
        ("Anna Berg", "Secretary-General", None, "UN"), ("Tom Reyes", "President", None, "World Bank")}
    # a title that starts with its core word: "General" of "General Assembly" is one
    assert officials("General Assembly President Ana Ruiz spoke.", publisher_country="RUS") == {
        ("Ana Ruiz", "President", None, "UN")}


def test_a_bare_security_council_is_a_states_body():
    assert officials("Security Council Secretary Ivan Petrov attended.", publisher_country="RUS") == {
        ("Ivan Petrov", "Security Council Secretary", "RUS", None)}


def test_the_organisations_name_stays_in_the_title_of_one_placed_in_a_state():
    # When other words place the person in a state ("President Reyes" reads as a state's president), the
    # title keeps the organisation's name rather than become a state's "President": the state is a guess,
    # the title is what the text says.
    def titles(text):
        return {(name, title, org) for name, title, _, org in officials(text, publisher_country="USA")}

    assert titles("European Council President Tom Reyes arrived. President Reyes said the talks went well.") == {
        ("Tom Reyes", "European Council President", None)}


def test_names_with_two_particles_and_names_repeated_in_full_are_kept_whole():
    assert officials("The Secretary met European Commission President Ursula von der Leyen.", publisher_country="USA") == {
        ("Ursula von der Leyen", "President", None, "EU")}
    # a headline and the body both give the full name: "Al Thani" is not a second person run into the first
    text = ("Readout of the Call with Emir Tamim bin Hamad Al Thani\n\n"
            "The President spoke today with Emir Tamim bin Hamad Al Thani of Qatar.")
    assert {n for n, *_ in officials(text, publisher_country="USA")} == {"Tamim bin Hamad Al Thani"}


def test_the_state_an_ambassador_is_sent_to_is_not_the_state_they_serve():
    # "to" and "for" name the host or the portfolio; "of" and a demonym name whom the official serves
    assert officials("The Russian Ambassador to the United States Anatoly Antonov was summoned.",
                     publisher_country="USA") == {("Anatoly Antonov", "Ambassador", "RUS", None)}
    assert officials("Ambassador to Russia John Sullivan and Special Envoy for Yemen Tim Lenderking met the press.",
                     publisher_country="USA") == {("John Sullivan", "Ambassador", "USA", None),
                                                  ("Tim Lenderking", "Special Envoy", "USA", None)}
    assert officials("Ambassador to the United Nations Linda Thomas-Greenfield spoke.", publisher_country="USA") == {
        ("Linda Thomas-Greenfield", "Ambassador to the United Nations", "USA", None)}
    assert officials("UN Special Envoy for Yemen Tom Reyes met the minister.", publisher_country="USA") == {
        ("Tom Reyes", "Special Envoy", None, "UN")}
    assert ("Ivan Petrov", "Minister of Foreign Affairs", "RUS", None) in officials(
        "Minister of Foreign Affairs of Russia Ivan Petrov spoke.", publisher_country="USA")


def test_all_capitals_headline_is_not_read_for_names():
    text = "MINISTER MEETS H.E. MR. ALAN GRAY\n\nMinister Jo Park met Ambassador Alan Gray of Canada."
    names = {n for n, *_ in officials(text)}
    assert "ALAN GRAY" not in names and "Alan Gray" in names


def test_official_spans_point_at_the_sentence():
    text = "Intro line.\n\nForeign Minister Lee Sang-ho met the press."
    ex = extract(Release(source="t", text=text, publisher_country="KOR"))
    start, end = ex.officials[0].span
    assert "Lee Sang-ho" in text[start:end]


def test_a_state_has_one_president():
    text = ("President Lee Jae-kyung condemned the war. President Lee said that President Ivanov must stop "
            "Russia's attacks on its neighbour.")
    found = officials(text)
    assert ("Lee Jae-kyung", "President", "KOR", None) in found
    assert ("Ivanov", "President", "RUS", None) in found


def test_delegation_led_by():
    found = officials("The Colombian delegation was led by Minister of Foreign Affairs Ana Ruiz.", publisher_country="USA")
    assert ("Ana Ruiz", "Minister of Foreign Affairs", "COL", None) in found


def test_two_names_run_together_are_split():
    text = ("Photo: with President of Argentina Ana Maria Lopez Ivan Petrov.\n\n"
            "Russian President Ivan Petrov met President of Argentina Ana Maria Lopez.")
    names = {n for n, *_ in officials(text, publisher_country="RUS")}
    assert names == {"Ana Maria Lopez", "Ivan Petrov"}
