from vardag.core.privacy import SWEDISH_FIRST_NAMES
from vardag.core.privacy.first_names import WORD_LIKE_NAMES


def test_about_three_hundred_unique_capitalised_names():
    assert 280 <= len(SWEDISH_FIRST_NAMES) <= 320
    assert len(set(SWEDISH_FIRST_NAMES)) == len(SWEDISH_FIRST_NAMES)
    assert all(name[0].isupper() and name.isalpha() for name in SWEDISH_FIRST_NAMES)
    assert {"Anna", "Lars", "Åsa", "Göran", "Mohammed", "Alice", "Noah"} <= set(SWEDISH_FIRST_NAMES)


def test_word_like_names_are_in_the_list():
    assert {name.casefold() for name in SWEDISH_FIRST_NAMES} >= WORD_LIKE_NAMES
