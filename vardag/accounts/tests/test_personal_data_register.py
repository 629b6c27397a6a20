"""'Download my data' is complete by construction: every model linked to a person is exported,
or the personal data register says why not (vardag.core.register)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils.text import slugify

from vardag.accounts import personal_data
from vardag.accounts.models import OidcIdentity
from vardag.core import register
from vardag.core.models import Job


def _coverage_problems() -> list[str]:
    entries = register.entries()
    exported = personal_data.collectors()
    problems = []
    for model in register.vardag_models():
        label = model._meta.label
        direct, hop = register.user_keys(model), register.one_hop(model)
        if not direct and not hop:
            continue
        entry = entries.get(label)
        if entry is None:
            problems.append(f"{label}: not in the register")
            continue
        unknown = [name for name in entry.collectors if name not in exported]
        if unknown:
            problems.append(f"{label}: collectors {unknown} are not registered in personal_data")
        if not direct and not entry.collectors and not entry.not_exported.strip():
            problems.append(
                f"{label} is linked to a person through {hop}: name the collectors that export "
                "it (collectors=(...)) or say why it is not exported (not_exported=...) in its "
                "data_register.py entry"
            )
    return problems


def test_every_model_linked_to_a_person_is_exported_or_the_register_says_why():
    assert _coverage_problems() == []


def test_a_linked_model_without_export_or_reason_is_reported(monkeypatch):
    entries = register.entries()
    version = entries["surveys.Version"]
    silent = register.Entry(version.label, version.purpose, dict(version.fields))
    monkeypatch.setattr(register, "entries", lambda: {**entries, "surveys.Version": silent})
    problems = _coverage_problems()
    assert any(
        problem.startswith("surveys.Version is linked to a person through ['questionnaire']")
        for problem in problems
    )


def test_every_direct_model_without_a_reason_has_a_file_in_the_export():
    names = set(personal_data.collectors())
    entries = register.entries()
    for model in register.vardag_models():
        entry = entries.get(model._meta.label)
        if entry is not None and register.user_keys(model) and not entry.not_exported:
            expected = entry.collectors or (model._meta.label.replace(".", "_").lower(),)
            assert set(expected) <= names, model._meta.label


@pytest.mark.django_db
def test_export_has_my_rows_of_a_model_without_its_own_collector_and_no_secrets(world, client_for):
    Job.objects.create(organisation=world.org, owner=world.employee, kind="k", title="Min rapport")
    Job.objects.create(organisation=world.org, owner=world.manager, kind="k", title="Hennes")
    OidcIdentity.objects.create(user=world.employee, issuer="https://idp.example", subject="s-1")

    response = client_for("employee").get(reverse("accounts:data_export"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))

    # Files by the model's plural verbose name, columns by the fields' (personal_data_export).
    jobs = json.loads(archive.read(f"{slugify(Job._meta.verbose_name_plural)}.json"))
    assert [job["Rubrik"] for job in jobs] == ["Min rapport"]
    assert jobs[0]["Ägare"] == str(world.employee)
    identities = json.loads(archive.read(f"{slugify(OidcIdentity._meta.verbose_name_plural)}.json"))
    assert [row["Subject"] for row in identities] == ["s-1"]
    assert "Hennes" not in archive.read("bakgrundsjobb.csv").decode("utf-8-sig")
    for secret_field in ("password", "digest", "token_hash", "session_key"):
        for name in archive.namelist():
            if name.endswith(".json"):
                rows = json.loads(archive.read(name))
                assert all(secret_field not in row for row in rows), (name, secret_field)
