"""HR import journey: 2,000 people, two rejected rows fixed, then an idempotent re-import."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vardag.accounts.models import Membership, User
from vardag.core.models import AuditEvent, Job, Unit
from vardag.notifications.models import Notification
from vardag.orgadmin.models import HrImport
from vardag.orgadmin.tests import hr_fixture


def upload(client, name: str, content: bytes) -> HrImport:
    response = client.post(
        reverse("orgadmin:import_list"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 302, response.content[:2000]
    return HrImport.objects.latest("pk")


def check(client, hr_import: HrImport) -> HrImport:
    page = client.get(reverse("orgadmin:import_detail", args=[hr_import.pk]))
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    response = client.post(reverse("orgadmin:import_detail", args=[hr_import.pk]), data)
    assert response.status_code == 302
    hr_import.refresh_from_db()
    return hr_import


def apply(client, hr_import: HrImport, on_commit) -> None:
    with on_commit(execute=True):
        response = client.post(reverse("orgadmin:import_apply", args=[hr_import.pk]))
    assert response.status_code == 302
    hr_import.refresh_from_db()
    assert response["Location"] == reverse("shell:job", args=[hr_import.job_id])


def break_two_rows(text: str) -> str:
    lines = text.split("\r\n")
    cells = lines[10].split(";")
    cells[9] = "Trollkarl"  # unknown role
    lines[10] = ";".join(cells)
    cells = lines[500].split(";")
    cells[10] = "2024-13-45"  # impossible date
    lines[500] = ";".join(cells)
    return "\r\n".join(lines)


@pytest.mark.django_db
def test_two_thousand_people_journey(world, client_for, django_capture_on_commit_callbacks):
    on_commit = django_capture_on_commit_callbacks
    admin = client_for("admin")
    good = hr_fixture.render()
    assert hr_fixture.FIXTURE.read_bytes() == good.encode("cp1252")

    # 1. The first export has two broken rows: nothing can be applied, both are listed.
    first = check(admin, upload(admin, "hr.csv", break_two_rows(good).encode("cp1252")))
    assert first.file_format == "csv" and first.delimiter == ";" and first.encoding == "cp1252"
    assert [r["line"] for r in first.rejected] == [11, 501]
    assert "Okänd roll: Trollkarl." in first.rejected[0]["reason"]
    assert "Ogiltigt datum" in first.rejected[1]["reason"]
    page = admin.get(reverse("orgadmin:import_detail", args=[first.pk]))
    assert "Okänd roll: Trollkarl." in page.content.decode()
    assert not first.can_apply
    admin.post(reverse("orgadmin:import_apply", args=[first.pk]))
    assert not User.objects.filter(external_id__startswith="E0").exists()

    # 2. The fixed export (now UTF-8 with BOM) shows the dry run, then applies as a job.
    second = check(admin, upload(admin, "hr-rattad.csv", ("\ufeff" + good).encode("utf-8")))
    assert second.encoding == "utf-8-sig" and second.rejected == []
    counts = second.summary["counts"]
    tree = hr_fixture.units()
    assert counts["person_creates"] == 2000
    assert counts["unit_creates"] == len(tree)
    assert counts["membership_creates"] == 2000
    assert counts["unit_closes"] == counts["person_closes"] == 0
    apply(admin, second, on_commit)
    assert second.status == HrImport.Status.APPLIED
    assert Notification.objects.filter(
        recipient=world.admin, kind="orgadmin.import_finished"
    ).exists()
    job = Job.objects.get(pk=second.job_id)
    assert job.status == Job.Status.DONE and job.percent == 100

    # 3. The unit tree and memberships match the file.
    units = {u.code: u for u in Unit.objects.filter(organisation=world.org).exclude(code="")}
    assert {
        code: (name, units[parent].code if parent else "") for code, name, parent, _k in tree
    } == {code: (u.name, u.parent.code if u.parent else "") for code, u in units.items()}
    file_memberships = {(r[0], r[5]) for r in hr_fixture.rows()}
    stored = set(
        Membership.objects.filter(source="hr").values_list("user__external_id", "unit__code")
    )
    assert stored == file_memberships
    assert User.objects.filter(organisation=world.org, external_id__startswith="E").count() == 2000

    # 4. The audit log shows who imported what.
    event = AuditEvent.objects.get(action="hr_import.applied")
    assert event.actor == world.admin and event.data["file"] == "hr-rattad.csv"
    log = admin.get(reverse("shell:audit_log"), {"action": "hr_import.applied"})
    assert "hr-rattad.csv" in log.content.decode()

    # 5. Re-importing the same file (as XLSX-free CSV with commas this time) changes nothing.
    events_before = AuditEvent.objects.count()
    third = check(admin, upload(admin, "hr.csv", hr_fixture.render(delimiter=",").encode()))
    assert third.delimiter == ","
    assert all(value == 0 for value in third.summary["counts"].values())
    apply(admin, third, on_commit)
    changes = AuditEvent.objects.filter(pk__gt=0).count() - events_before
    assert not AuditEvent.objects.filter(
        action__in=["user.created", "user.changed", "unit.created", "membership.created"],
        created_at__gte=third.created_at,
    ).exists()
    assert changes > 0  # only the import's own bookkeeping events
