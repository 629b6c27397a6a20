"""Adding a colleague to a study's team by username or e-mail, not from a list of everyone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vardag.accounts.models import User
from vardag.core.testing import assert_constant_queries
from vardag.research.models import StudyMember
from vardag.research.tests.factories import make_study

pytestmark = pytest.mark.django_db


def _add(client, study, value: str, role: str = "coder"):
    return client.post(
        reverse("research:member_add", args=[study.pk]), {"user": value, "role": role}
    )


def test_a_colleague_is_added_by_username_or_email_of_the_same_organisation(world, client_for):
    study = make_study(world.researcher).study
    before = set(StudyMember.objects.filter(study=study).values_list("user_id", flat=True))
    client = client_for("researcher")
    assert _add(client, study, world.employee.username.upper()).status_code == 302
    assert _add(client, study, world.manager.email, "reader").status_code == 302
    members = dict(
        StudyMember.objects.filter(study=study)
        .exclude(user_id__in=before)
        .values_list("user_id", "role")
    )
    assert members == {world.employee.pk: "coder", world.manager.pk: "reader"}


def test_people_of_another_organisation_unknown_or_inactive_are_not_added(world, client_for):
    study = make_study(world.researcher).study
    before = StudyMember.objects.filter(study=study).count()
    client = client_for("researcher")
    other = User.objects.create_user(username="grannen", organisation=world.other_org)
    inactive = world.politician
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    for value in ["nobody", other.username, inactive.username, world.researcher.username]:
        response = _add(client, study, value)
        assert response.status_code == 302
        page = client.get(response.url).content.decode()
        assert "Ingen aktiv person i organisationen har det användarnamnet" in page
    assert StudyMember.objects.filter(study=study).count() == before


def test_the_study_page_does_not_grow_with_the_organisation(world, client_for):
    study = make_study(world.researcher).study
    client = client_for("researcher")
    url = reverse("research:study", args=[study.pk])
    made: list[User] = []

    def grow(n: int) -> None:
        while len(made) < n:
            made.append(
                User.objects.create_user(
                    username=f"kollega{len(made)}",
                    organisation=world.org,
                    first_name=f"Kollega{len(made)}",
                )
            )

    grow(2)
    small = len(client.get(url).content)
    assert_constant_queries(lambda: client.get(url), grow, small=2, large=60)
    assert len(client.get(url).content) == small
