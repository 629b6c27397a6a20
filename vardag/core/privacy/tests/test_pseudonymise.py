import datetime

import pytest

from vardag.core.privacy import (
    Kind,
    OffsetMap,
    PseudonymKey,
    Replacement,
    Source,
    apply,
    suggest,
    suggestion_for,
)
from vardag.core.privacy.pseudonymise import with_genitive
from vardag.core.privacy.tests.numbers import make_number

BIRTH = datetime.date(1985, 1, 1)
NUMBER = make_number(BIRTH)


def pseudonymise(text, key=None, names=("Anna", "Erik")):
    key = key or PseudonymKey()
    return apply(text, suggest(text, names=names, key=key), key)


def test_suggestions_carry_span_kind_original_and_proposal():
    text = f"Anna ringde från 070-123 45 67 om {NUMBER}."
    suggestions = suggest(text, names=["Anna"])
    assert [(s.kind, s.original, s.pseudonym) for s in suggestions] == [
        (Kind.NAME, "Anna", "Person 1"),
        (Kind.PHONE, "070-123 45 67", "[telefon 1]"),
        (Kind.PERSONNUMMER, NUMBER, "[personnummer 1]"),
    ]
    assert all(text[s.start : s.end] == s.original for s in suggestions)
    assert [s.is_mandatory for s in suggestions] == [False, False, True]


def test_first_names_are_suggested_but_marked_for_checking():
    suggestions = suggest("Jag och Erik. Dag för dag.", names=[])
    assert [(s.original, s.source) for s in suggestions] == [("Erik", Source.FIRST_NAME_LIST)]


def test_same_original_same_pseudonym_across_texts():
    first = pseudonymise(f"Anna och Erik. {NUMBER}")
    second = pseudonymise(f"Erik sa till anna: ring {NUMBER.replace('-', '')}", key=first.key)
    assert first.text == "Person 1 och Person 2. [personnummer 1]"
    assert second.text == "Person 2 sa till Person 1: ring [personnummer 1]"
    assert second.key == first.key


def test_ten_and_twelve_digit_forms_of_one_person_share_a_pseudonym():
    long = make_number(BIRTH, long=True, sep="")
    result = pseudonymise(f"{NUMBER} = {long}")
    assert result.text == "[personnummer 1] = [personnummer 1]"


def test_phone_formats_of_one_number_share_a_pseudonym():
    result = pseudonymise("070-123 45 67, +46 70 123 45 67, 0046701234567, 046-123 45 67")
    assert result.text == "[telefon 1], [telefon 1], [telefon 1], [telefon 2]"


def test_genitive_is_kept_in_swedish_form():
    assert pseudonymise("Annas och Eriks idéer").text == "Person 1:s och Person 2:s idéer"
    assert with_genitive("Läraren") == "Lärarens"
    assert with_genitive("Lars") == "Lars'"


def test_rejected_suggestions_stay_but_identity_numbers_are_always_replaced():
    text = f"Erik har {NUMBER}"
    result = apply(text, [], PseudonymKey())
    assert result.text == "Erik har [personnummer 1]"
    assert result.forced == 1


def test_reviewer_may_rename_a_new_pseudonym():
    text = "Anna är lärare."
    (anna,) = suggest(text, names=["Anna"])
    from dataclasses import replace

    result = apply(text, [replace(anna, pseudonym="Läraren")], PseudonymKey())
    assert result.text == "Läraren är lärare."
    assert result.key.pseudonym_for(Kind.NAME, "anna") == "Läraren"


def test_a_proposal_taken_meanwhile_by_another_original_gets_a_fresh_number():
    key = PseudonymKey()
    first = suggest("Anna", names=["Anna"], key=key)
    second = suggest("Erik", names=["Erik"], key=key)  # both propose "Person 1"
    key = apply("Anna", first, key).key
    result = apply("Erik", second, key)
    assert result.text == "Person 2"


def test_aliases_are_set_on_the_key():
    key = (
        PseudonymKey()
        .assign(Kind.NAME, "anna", "Person 1")
        .assign(Kind.NAME, "anna svensson", "Person 1")
    )
    result = pseudonymise("Anna Svensson, kallad Anna", key=key, names=["Anna", "Anna Svensson"])
    assert result.text == "Person 1, kallad Person 1"


def test_manual_suggestion_for_a_missed_nickname():
    text = "Nisse kom sent."
    manual = suggestion_for(text, 0, 5, Kind.NAME)
    assert manual.source is Source.MANUAL
    assert apply(text, [manual], PseudonymKey()).text == "Person 1 kom sent."


def test_key_round_trips_through_plain_data():
    key = pseudonymise(f"Anna, {NUMBER}, anna@exempel.se").key
    data = key.to_dict()
    assert data["entries"][0] == ["name", "anna", "Person 1"]
    assert PseudonymKey.from_dict(data) == key


@pytest.mark.parametrize(
    "bad",
    [
        "mismatch",  # original does not match the text
        "overlap",
        "cut",  # cuts through an identity number
        "empty",
        "pnr-pseudonym",
    ],
)
def test_invalid_suggestions_are_refused(bad):
    from dataclasses import replace

    text = f"Anna har {NUMBER}."
    anna, number = suggest(text, names=["Anna"])
    cases = {
        "mismatch": [replace(anna, start=1, end=5)],
        "overlap": [anna, replace(anna, start=2, end=6, original=text[2:6])],
        "cut": [suggestion_for(text, 9, 12, Kind.NAME)],
        "empty": [replace(anna, pseudonym=" ")],
        "pnr-pseudonym": [replace(anna, pseudonym=NUMBER)],
    }
    with pytest.raises(ValueError):
        apply(text, cases[bad], PseudonymKey())


def test_offsets_map_every_replacement_and_the_text_between():
    text = f"Hej Anna! Ring 070-123 45 67 eller mejla anna@x.se. Annas nr {NUMBER}. Slut."
    result = pseudonymise(text)
    offsets = result.offsets
    for r in offsets.replacements:
        assert result.text[r.new_start : r.new_end] in {
            "Person 1",
            "Person 1:s",
            "[telefon 1]",
            "[e-post 1]",
            "[personnummer 1]",
        }
    # an excerpt outside the replacements keeps its text
    start = text.index("eller")
    new_start, new_end = offsets.span_to_new(start, start + len("eller mejla"))
    assert result.text[new_start:new_end] == "eller mejla"
    assert offsets.span_to_old(new_start, new_end) == (start, start + len("eller mejla"))
    # an excerpt that ends inside a replaced span grows to cover the replacement
    start, end = text.index("Ring"), text.index("070") + 3
    new_start, new_end = offsets.span_to_new(start, end)
    assert result.text[new_start:new_end] == "Ring [telefon 1]"
    assert offsets.to_new(len(text)) == len(result.text)


def test_offset_map_without_replacements_is_identity():
    assert OffsetMap().to_new(7) == 7 and OffsetMap().to_old(7) == 7
    shrink = OffsetMap((Replacement(2, 12, 2, 5),))
    assert [shrink.to_new(p) for p in (0, 2, 5, 12, 20)] == [0, 2, 2, 5, 13]
    assert shrink.to_new(5, side="end") == 5
    assert [shrink.to_old(p) for p in (0, 2, 3, 5, 13)] == [0, 2, 2, 12, 20]


# ---- issue 12 item 17: what a researcher expects to be gone after the default save -----------


def _wrong_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def test_a_personnummer_with_a_wrong_check_digit_is_replaced_too():
    import datetime

    from vardag.core.privacy import identity_kind, redact
    from vardag.core.privacy.tests.numbers import make_number

    for long in (False, True):
        typo = _wrong_check_digit(make_number(datetime.date(1981, 12, 18), 987, long=long))
        assert identity_kind(typo) is None  # not a valid number ...
        text = f"Mitt nummer är {typo}, skrev hon."
        (found,) = suggest(text, first_names=())
        assert found.original == typo and found.is_mandatory  # ... but replaced all the same
        assert typo not in apply(text, [found], PseudonymKey()).text
        assert typo not in redact(text).text
    for kept in ("Dnr 2024-000123", "212000-1124", "ring 070-123 45 67", "1 500 000 kr"):
        assert not [s for s in suggest(kept, first_names=()) if s.is_mandatory]


def test_a_surname_after_a_name_goes_with_it_and_alone_it_shares_the_pseudonym():
    text = "Karin Berg berättade. Sedan sa Berg att Karin och Karins chef kom."
    suggestions = suggest(text)
    assert [s.original for s in suggestions] == ["Karin Berg", "Berg", "Karin", "Karins"]
    result = apply(text, suggestions, PseudonymKey())
    assert result.text == (
        "Person 1 berättade. Sedan sa Person 1 att Person 1 och Person 1:s chef kom."
    )


def test_parts_of_a_listed_name_are_found_and_share_its_pseudonym_in_any_order():
    text = "Lind kom först. Sedan kom Anna Lind, och Anna log."
    suggestions = suggest(text, names=["Anna Lind"], first_names=())
    assert [s.original for s in suggestions] == ["Lind", "Anna Lind", "Anna"]
    assert apply(text, suggestions, PseudonymKey()).text == (
        "Person 1 kom först. Sedan kom Person 1, och Person 1 log."
    )


def test_a_listed_phone_number_is_found_in_any_punctuation():
    text = "Ring mig på 070.123.45.67 eller 070 123 45 67."
    suggestions = suggest(text, names=["070-123 45 67"], first_names=())
    assert [(s.original, s.kind) for s in suggestions] == [
        ("070.123.45.67", Kind.PHONE),
        ("070 123 45 67", Kind.PHONE),
    ]
    assert apply(text, suggestions, PseudonymKey()).text == (
        "Ring mig på [telefon 1] eller [telefon 1]."
    )


def test_capitalised_words_after_a_name_that_are_not_surnames_stay():
    suggestions = suggest("Jag frågade Karin Och hon svarade. Anna: Ja.")
    assert [s.original for s in suggestions] == ["Karin", "Anna"]
