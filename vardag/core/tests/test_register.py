"""The personal data register classifies every field of every model (vardag.core.register)."""

from pathlib import Path

from django.core.management import call_command

from vardag.core import register

DOC = Path(__file__).resolve().parents[3] / "docs" / "personal-data-register.md"


def test_every_model_field_is_classified():
    missing = register.unclassified()
    assert not missing, "\n\n".join(
        register.missing_template(label, names) for label, names in sorted(missing.items())
    )


def test_register_names_no_field_that_does_not_exist():
    assert not register.unknown(), (
        "The register names fields that no model has (renamed or removed); "
        f"update the app's data_register.py: {register.unknown()}"
    )


def test_every_entry_states_a_purpose():
    assert [label for label, e in register.entries().items() if not e.purpose.strip()] == []


def test_an_unclassified_field_is_reported_with_what_to_add(monkeypatch):
    entries = register.entries()
    idea = entries["ideas.Idea"]
    fields = dict(idea.fields)
    del fields["title"]
    trimmed = register.Entry(idea.label, idea.purpose, fields)
    monkeypatch.setattr(register, "entries", lambda: {**entries, "ideas.Idea": trimmed})

    assert register.unclassified() == {"ideas.Idea": ["title"]}
    message = register.missing_template("ideas.Idea", ["title"])
    assert "vardag/ideas/data_register.py" in message
    assert 'entry("ideas.Idea"' in message


def test_a_field_cannot_be_classified_twice():
    try:
        register.entry("x.Y", "purpose", internal="id", personal="id")
    except ValueError as error:
        assert "x.Y.id" in str(error)
    else:
        raise AssertionError("a field in two categories was accepted")


def test_the_document_for_the_data_protection_officer_is_up_to_date():
    expected = register.markdown().rstrip("\n")
    assert DOC.read_text(encoding="utf-8").rstrip("\n") == expected, (
        "docs/personal-data-register.md is out of date: run "
        "`VARDAG_DEBUG=1 vardag register > docs/personal-data-register.md`"
    )


def test_register_command_prints_the_markdown_table(capsys):
    call_command("register")
    out = capsys.readouterr().out
    assert "## ideas.Idea" in out
    assert "| initiator | personuppgift |" in out
    assert "| password | intern | Lämnas aldrig ut. |" in out
