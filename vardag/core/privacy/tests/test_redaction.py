import datetime

import pytest

from vardag.core.privacy import SWEDISH_FIRST_NAMES, Kind, contains_valid_personnummer, redact
from vardag.core.privacy.tests.numbers import make_number

NUMBER = make_number(datetime.date(1985, 1, 1))
COORDINATION = make_number(datetime.date(1992, 6, 30), coordination=True)


def test_every_kind_gets_its_placeholder_and_is_counted():
    text = (
        f"Jag heter Anna, pnr {NUMBER}, samordningsnr {COORDINATION}, "
        "tel 070-123 45 67, mejl anna.svensson@exempel.se."
    )
    result = redact(text, names=["Anna"])
    assert result.text == (
        "Jag heter [namn], pnr [personnummer], samordningsnr [samordningsnummer], "
        "tel [telefon], mejl [e-post]."
    )
    assert dict(result.counts) == {
        Kind.PERSONNUMMER: 1,
        Kind.SAMORDNINGSNUMMER: 1,
        Kind.PHONE: 1,
        Kind.EMAIL: 1,
        Kind.NAME: 1,
    }
    assert result.total == 5 and result.is_changed
    assert result.count(Kind.NAME) == 1


def test_counts_hold_no_values():
    result = redact(f"{NUMBER} och Anna", names=["Anna"])
    assert "Anna" not in repr(result.counts) and NUMBER not in repr(result.counts)


def test_clean_text_is_unchanged():
    text = "Möte 2024-01-15, dnr SN 2024/123, budget 1 500 000 kr."
    result = redact(text, names=["Anna"])
    assert result.text == text
    assert result.counts == () and not result.is_changed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("anna och ANNA och Anna", "[namn] och [namn] och [namn]"),
        ("Annas mamma", "[namn] mamma"),
        ("Anna's bok", "[namn] bok"),
        ("Hanna och Annalena och Marianne", "Hanna och Annalena och Marianne"),
        ("Anna-Karin kom", "Anna-Karin kom"),
        ('(Anna) sa: "Anna".', '([namn]) sa: "[namn]".'),
        ("'Anna' sa hon", "'[namn]' sa hon"),
    ],
)
def test_names_are_whole_words_case_insensitive_with_genitive(text, expected):
    assert redact(text, names=["Anna"]).text == expected


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("Åsa", "åsa och ÅSA och Åsas", "[namn] och [namn] och [namn]"),
        ("Örjan", "Örjans idé", "[namn] idé"),
        ("Lars", "Lars bil och Lars' bil", "[namn] bil och [namn] bil"),
        ("Anna Svensson", "Anna  Svensson och anna\nsvenssons", "[namn] och [namn]"),
        ("Anna-Karin", "Anna-Karins idé, Anna kom", "[namn] idé, Anna kom"),
    ],
)
def test_swedish_letters_several_words_and_hyphens(name, text, expected):
    assert redact(text, names=[name]).text == expected


def test_longest_name_wins():
    result = redact("Anna Svensson och Anna", names=["Anna", "Anna Svensson"])
    assert result.text == "[namn] och [namn]"
    assert result.count(Kind.NAME) == 2


def test_first_names_are_opt_in_and_only_capitalised():
    text = "Jag pratade med Erik och erik. Hans mamma kom, och Hans kom också."
    assert redact(text).text == text
    assert redact(text, first_names=SWEDISH_FIRST_NAMES).text == (
        "Jag pratade med [namn] och erik. Hans mamma kom, och [namn] kom också."
    )


def test_a_name_inside_an_email_address_is_redacted_as_the_address():
    result = redact("Mejla anna.svensson@exempel.se", names=["Anna", "Svensson"])
    assert result.text == "Mejla [e-post]"
    assert dict(result.counts) == {Kind.EMAIL: 1}


def test_numbers_glued_to_digits_are_still_removed():
    result = redact(f"ref 12{NUMBER.replace('-', '')}34")
    assert not contains_valid_personnummer(result.text)
    assert result.count(Kind.PERSONNUMMER) == 1


def test_odd_name_entries_are_safe():
    assert redact("Jeanne d'Arc (J.) och Straße", names=["  ", "d'Arc", "(J.)", "Straße"]).text == (
        "Jeanne [namn] [namn] och [namn]"
    )
