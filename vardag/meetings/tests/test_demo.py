"""The demo data: series with approved past minutes and an upcoming agenda holding the ideas due."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from vardag.meetings.models import ActionItem, ItemSource, Meeting, MeetingSeries, MeetingStatus

pytestmark = pytest.mark.django_db


def test_demo_meetings():
    call_command("demo", stdout=io.StringIO())
    names = set(MeetingSeries.objects.values_list("name", flat=True))
    assert {
        "APT Mottagningsenheten",
        "Ledningsgrupp Socialförvaltningen",
        "Rektorsgrupp",
        "Samverkansforum skola–socialtjänst",
    } <= names
    now = timezone.now()
    for series in MeetingSeries.objects.all():
        past = series.meetings.filter(starts_at__lt=now)
        assert past.exists() and not past.exclude(status=MeetingStatus.APPROVED).exists()
        assert all(p.items.filter(paragraph__isnull=False).exists() for p in past)
        upcoming = series.meetings.filter(starts_at__gte=now).order_by("starts_at").first()
        assert upcoming is not None and upcoming.items.count() >= 2
    apt = Meeting.objects.filter(
        series__name="APT Mottagningsenheten", starts_at__gte=now
    ).order_by("starts_at")[0]
    sources = list(apt.items.values_list("source", flat=True))
    assert ItemSource.ACTION_FOLLOW_UP in sources and sources.count(ItemSource.IDEA_DUE) >= 2
    decided = Meeting.objects.filter(
        series__name="APT Mottagningsenheten", status=MeetingStatus.APPROVED
    ).filter(items__decisions__isnull=False)
    assert decided.exists()
    assert ActionItem.objects.filter(done_at__isnull=True).exists()
