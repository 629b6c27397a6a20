import datetime

import pytest
from personnummer import personnummer

from vardag.core.privacy import (
    Kind,
    contains_valid_personnummer,
    find_emails,
    find_identifiers,
    find_identity_numbers,
    find_phone_numbers,
    identity_kind,
)
from vardag.core.privacy.identifiers import luhn_check_digit
from vardag.core.privacy.tests.numbers import make_number, oracle_findings

BIRTH = datetime.date(1985, 1, 1)


@pytest.mark.parametrize(
    ("long", "sep"),
    [(False, "-"), (False, "+"), (False, ""), (True, ""), (True, "-"), (True, "+")],
)
def test_official_formats_are_found_and_agree_with_the_oracle(long, sep):
    number = make_number(BIRTH, long=long, sep=sep)
    assert personnummer.valid(number)
    text = f"Mitt personnummer är {number}, tack."
    (found,) = find_identity_numbers(text)
    assert found.kind is Kind.PERSONNUMMER
    assert text[found.start : found.end] == number == found.text


@pytest.mark.parametrize("sep", [" ", "\u00a0", "\u2013", "\u2011", "\u2212"])
def test_common_variants_with_space_or_typographic_dash_are_found(sep):
    number = make_number(BIRTH, sep=sep)
    assert [f.text for f in find_identity_numbers(f"pnr {number}.")] == [number]


@pytest.mark.parametrize("long", [False, True])
def test_samordningsnummer_has_day_plus_60(long):
    number = make_number(datetime.date(1990, 3, 31), coordination=True, long=long)
    assert personnummer.valid(number)
    assert identity_kind(number) is Kind.SAMORDNINGSNUMMER
    assert [f.kind for f in find_identity_numbers(f"({number})")] == [Kind.SAMORDNINGSNUMMER]


def test_the_package_under_test_and_the_oracle_agree_on_many_dates():
    day = datetime.date(1899, 12, 25)
    while day < datetime.date(2026, 1, 1):
        for coordination in (False, True):
            for long in (False, True):
                number = make_number(
                    day, day.toordinal() % 999 + 1, coordination=coordination, long=long
                )
                assert identity_kind(number) is not None
                assert personnummer.valid(number) or (day.month, day.day) == (2, 29)
        day += datetime.timedelta(days=37)


@pytest.mark.parametrize(
    "candidate",
    [
        "8501011235",  # wrong check digit
        "850230-1234",  # 30 February
        "851301-1234",  # month 13
        "850132-1231",  # day 32 (neither a date nor a samordningsnummer)
        "850192-1233",  # day 92
        "850101-0000",  # serial 000
    ],
)
def test_invalid_candidates_are_rejected(candidate):
    body = "".join(ch for ch in candidate if ch.isdigit())[-10:-1]
    fixed = candidate[:-1] + str(luhn_check_digit(int(c) for c in body))
    if candidate != "8501011235":
        candidate = fixed  # right check digit, so only the date or serial is wrong
    assert identity_kind(candidate) is None
    assert not personnummer.valid(candidate.replace("-", ""))
    assert not contains_valid_personnummer(f"x {candidate} y")


@pytest.mark.parametrize("candidate", ["19000229-1235", "00000101-1238"])
def test_an_invalid_twelve_digit_form_still_hides_a_valid_ten_digit_one(candidate):
    # 1900 was no leap year, and there is no year 0: the 12-digit forms are invalid, but their
    # last ten digits are a valid personnummer (2000-02-29, 2000-01-01), so the text is not clean.
    assert identity_kind(candidate) is None
    assert not personnummer.valid(candidate)
    assert personnummer.valid(candidate[2:])
    assert contains_valid_personnummer(candidate)
    assert [f.text for f in find_identity_numbers(candidate)] == [candidate[2:]]


def test_leap_day():
    assert identity_kind(make_number(datetime.date(2000, 2, 29), long=True)) is Kind.PERSONNUMMER
    assert identity_kind(make_number(datetime.date(1996, 2, 29))) is Kind.PERSONNUMMER


def test_a_number_inside_a_longer_run_of_digits_is_still_found():
    number = make_number(BIRTH, sep="")
    text = f"konto 99{number}77"
    (found,) = find_identity_numbers(text)
    assert number in found.text
    assert contains_valid_personnummer(text)


def test_ten_and_twelve_digit_windows_merge_into_one_span():
    number = make_number(BIRTH, long=True, sep="")
    assert [f.text for f in find_identity_numbers(number)] == [number]


@pytest.mark.parametrize(
    "text",
    [
        "Mötet är 2024-01-15 kl 13.00.",
        "Diarienummer SN 2024/123 och SN 2024/1234.",
        "Budgeten är 1 500 000 kr, 250 000 kr per år.",
        "Dnr 2024-000123 och KS 2023/0456.",
        "Vi var 12 deltagare 2023-11-02 och 15 st 2024.",
        "Version 1.2.3, sida 17, 45 %.",
        "Öppet kl 0800-1700, lunch 12:00-13:00.",
        "Organisationsnummer 212000-1124.",
        "Postnummer 252 25 Helsingborg.",
        "1234567890",  # ten digits, but neither a valid date nor a valid check digit
    ],
)
def test_ordinary_numbers_are_not_identifiers(text):
    assert find_identifiers(text) == ()
    assert not contains_valid_personnummer(text)
    assert oracle_findings(text) == []


@pytest.mark.parametrize(
    "phone",
    [
        "070-123 45 67",
        "070-1234567",
        "0701234567",
        "070 123 45 67",
        "+46 70 123 45 67",
        "+46701234567",
        "+46 (0)70-123 45 67",
        "0046 70 123 45 67",
        "08-123 456 78",
        "08-12 34 56",
        "(08) 123 456 78",
        "042-10 50 00",
        "0431-123 45",
        "046-222 00 00",
        "073 - 123 45 67".replace(" - ", "-"),
    ],
)
def test_swedish_phone_formats(phone):
    text = f"Ring mig på {phone}."
    found = find_identifiers(text)
    assert [f.text for f in found] == [phone]
    assert found[0].kind in (Kind.PHONE, Kind.PERSONNUMMER)  # 0701234567 might be both


def test_a_phone_number_that_is_also_a_valid_personnummer_counts_as_personnummer():
    number = make_number(datetime.date(2007, 1, 23), serial=456, sep="")  # looks like 070…
    assert number.startswith("070")
    (found,) = find_identifiers(f"tel {number}")
    assert found.kind is Kind.PERSONNUMMER


@pytest.mark.parametrize(
    "text", ["2024-01-15", "0800-1700", "SN 2024/123", "kl. 08-17", "1 000 000", "01-15"]
)
def test_no_phone_false_positives(text):
    assert find_phone_numbers(f"Se {text} nu") == ()


@pytest.mark.parametrize(
    "email", ["anna.svensson@helsingborg.se", "åsa-örn+test@exempel.se", "a_b@sub.skola.nu"]
)
def test_emails(email):
    (found,) = find_emails(f"Skriv till {email}.")
    assert found.text == email
    assert found.kind is Kind.EMAIL


def test_no_email_false_positives():
    assert find_emails("Vi ses @ mötet, pris 5 @ 10 kr, user@localhost") == ()


def test_overlaps_merge_into_the_most_sensitive_kind():
    number = make_number(BIRTH, sep="")
    text = f"{number}@exempel.se"
    (found,) = find_identifiers(text)
    assert found.kind is Kind.PERSONNUMMER
    assert (found.start, found.end) == (0, len(text))
