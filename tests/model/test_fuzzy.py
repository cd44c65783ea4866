"""`conflictkg.model.fuzzy`: close names for "did you mean"."""

from conflictkg.model.fuzzy import normalise, similarity, suggest

EVENTS = {
    "2024-palmyra-airstrike": ["2024-palmyra-airstrike", "2024 Palmyra airstrike"],
    "2024-palmyra-offensive": ["2024-palmyra-offensive", "Palmyra offensive (2024)"],
    "2021-01-syria-missile-strikes": ["2021-01-syria-missile-strikes", "January 2021 Syria missile strikes"],
}


def test_normalise_ignores_case_accents_punctuation_and_a_leading_the():
    assert normalise("The Iran–Israel proxy conflict") == "iran israel proxy conflict"
    assert normalise("Ḥamā") == "hama"


def test_a_word_of_the_name_suggests_every_name_holding_it():
    assert suggest("palmyra", EVENTS) == ["2024-palmyra-airstrike", "2024-palmyra-offensive"]


def test_a_typo_suggests_the_closest_name_only():
    assert suggest("2024-palmyra-airstrik", EVENTS) == ["2024-palmyra-airstrike"]
    assert suggest("palmira offensive", EVENTS)[0] == "2024-palmyra-offensive"
    assert suggest("kiled", {"killed": ["killed"], "injured": ["injured"], "missing": ["missing"]}) == ["killed"]


def test_initials_find_the_name():
    assert suggest("idf", {"israel-defense-forces": ["israel-defense-forces", "Israel Defense Forces"],
                           "sohr": ["sohr", "Syrian Observatory for Human Rights"]}) == ["israel-defense-forces"]


def test_nothing_alike_suggests_nothing():
    assert suggest("zzzzqq", EVENTS) == []
    assert similarity("", "x") == 0.0
