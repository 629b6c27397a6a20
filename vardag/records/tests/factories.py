"""Test set-up for records: old and new rows of every kind the retention rules cover."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction

from vardag.ideas.tests.factories import make_idea
from vardag.notifications.services import notify
from vardag.participation import services as participation
from vardag.participation.models import Contribution
from vardag.participation.tests.factories import make_activity


def open_activity(world: Any) -> Any:
    activity = make_activity(world, title="Samtal om skolstarten")
    participation.activity_invitation_open(actor=world.innovation_lead, activity=activity)
    return activity


def contribution(activity: Any, text: str = "Mer stöd på morgonen.") -> tuple[Contribution, str]:
    with transaction.atomic():
        return participation.contribution_submit(
            activity=activity, age_band="18-25", text=text, scale=4
        )


def notification(world: Any, person: Any, subject: str = "Ny idé att ta hand om") -> Any:
    return notify(actor=None, recipients=[person], kind="idea.submitted", subject=subject)[0]


def draft(world: Any, title: str = "Halvskrivet utkast") -> Any:
    return make_idea(world, title=title, submit=False)


def age(model: Any, pk: Any, field: str, moment: datetime) -> None:
    """Move a row's timestamp back (auto_now fields cannot be set through save())."""
    model.objects.filter(pk=pk).update(**{field: moment})


def days_ago(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)
