"""Meeting series, meetings, agenda items, action items and calendar feeds.

A forum (vardag.forums) meets in a MeetingSeries; each Meeting has an agenda of AgendaItems that
become the numbered paragraphs (§) of the minutes. Minutes are approved (justerade) by the
designated adjuster and then locked. Decisions on ideas live in vardag.ideas; an agenda item
links to them through Decision.agenda_item_id and the `decisions` relation (linked decisions,
the report of delegated decisions).
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from vardag.core.models import Organisation
from vardag.forums.models import Forum
from vardag.ideas.models import Decision, Idea


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Cadence(models.TextChoices):
    ONCE = "once", _("Enstaka möte")
    WEEKLY = "weekly", _("Varje vecka")
    BIWEEKLY = "biweekly", _("Varannan vecka")
    FOUR_WEEKLY = "four_weekly", _("Var fjärde vecka")
    MONTHLY = "monthly", _("Varje månad (samma veckodag)")


class MeetingSeries(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="meeting_series"
    )
    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="meeting_series", verbose_name=_("forum")
    )
    name = models.CharField(_("namn"), max_length=200)
    cadence = models.CharField(
        _("mötesrytm"), max_length=20, choices=Cadence.choices, default=Cadence.BIWEEKLY
    )
    first_starts_at = models.DateTimeField(_("första mötet börjar"))
    duration_minutes = models.PositiveSmallIntegerField(_("längd (minuter)"), default=60)
    place = models.CharField(_("plats"), max_length=200, blank=True)
    online_link = models.URLField(_("länk till digitalt möte"), blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ordförande"),
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sekreterare"),
    )
    agenda_deadline_days = models.PositiveSmallIntegerField(
        _("sista dag för ärenden (dagar före mötet)"), default=2
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["forum__name", "name"]
        verbose_name = _("mötesserie")
        verbose_name_plural = _("mötesserier")

    def __str__(self) -> str:
        return self.name


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planerat")
    CANCELLED = "cancelled", _("Inställt")
    HELD = "held", _("Genomfört, protokoll ej justerat")
    APPROVED = "approved", _("Protokoll justerat")


class Meeting(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE, related_name="meetings")
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"))
    place = models.CharField(_("plats"), max_length=200, blank=True)
    online_link = models.URLField(_("länk till digitalt möte"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    cancel_reason = models.TextField(_("skäl till att mötet ställs in"), blank=True)
    moved_from = models.DateTimeField(null=True, blank=True)
    adjuster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("justerare"),
    )
    agenda_sent_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    attendees = models.TextField(_("närvarande"), blank=True)
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    invited_sequence = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        indexes = [models.Index(fields=["forum", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.forum} {local:%Y-%m-%d %H:%M}"

    @property
    def is_locked(self) -> bool:
        return self.status == MeetingStatus.APPROVED

    @property
    def is_open_for_notes(self) -> bool:
        return self.status in (MeetingStatus.PLANNED, MeetingStatus.HELD)

    @property
    def agenda_deadline(self):
        from datetime import timedelta

        return timezone.localtime(self.starts_at).date() - timedelta(
            days=self.series.agenda_deadline_days
        )


class Purpose(models.TextChoices):
    INFORMATION = "information", _("Information")
    DIALOG = "dialog", _("Dialog")
    BEFORE_DECISION = "before_decision", _("Inför beslut")
    DECISION = "decision", _("Beslut")
    REPORT_BACK = "report_back", _("Återrapport")


class ItemSource(models.TextChoices):
    STANDING = "standing", _("Stående punkt")
    IDEA_DUE = "idea_due", _("Idé med behandlingsdatum")
    PROPOSED = "proposed", _("Anmält av ledamot")
    ACTION_FOLLOW_UP = "action_follow_up", _("Uppföljning av åtgärder")
    DELEGATION_REPORT = "delegation_report", _("Anmälan av delegationsbeslut")


# Titles of the items Vardag adds itself, stored in Swedish and shown in the reader's language.
GENERATED_TITLES = {
    ItemSource.STANDING: gettext_noop("Idéer och förslag"),
    ItemSource.ACTION_FOLLOW_UP: gettext_noop("Uppföljning av åtgärder"),
    ItemSource.DELEGATION_REPORT: gettext_noop("Anmälan av delegationsbeslut"),
}


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The organisation that owns the item (joint forums: the proposer's).",
    )
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    purpose = models.CharField(
        _("syfte"), max_length=20, choices=Purpose.choices, default=Purpose.INFORMATION
    )
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("föredragande"),
    )
    minutes = models.PositiveSmallIntegerField(_("tid (minuter)"), default=10)
    source = models.CharField(
        max_length=20, choices=ItemSource.choices, default=ItemSource.PROPOSED
    )
    idea = models.ForeignKey(
        Idea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("idé"),
    )
    decisions = models.ManyToManyField(
        Decision, blank=True, related_name="agenda_items", verbose_name=_("länkade beslut")
    )
    is_shared = models.BooleanField(
        _("delas med samverkande organisationer"),
        default=True,
        help_text=_("I gemensamma forum ser den andra organisationen bara delade punkter."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    request_key = models.CharField(max_length=64, blank=True)  # vardag.core.once
    notes = models.TextField(_("anteckningar"), blank=True)
    notes_version = models.PositiveIntegerField(default=0)
    paragraph = models.PositiveIntegerField(_("paragraf"), null=True, blank=True)
    feedback_draft = models.TextField(_("återkoppling till förslagsställaren"), blank=True)
    feedback_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("dagordningspunkt")
        verbose_name_plural = _("dagordningspunkter")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "idea"],
                condition=Q(idea__isnull=False),
                name="agenda_idea_once_per_meeting",
            ),
            models.UniqueConstraint(
                fields=["meeting", "request_key"],
                condition=~Q(request_key=""),
                name="agenda_item_request_once",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        generated = GENERATED_TITLES.get(ItemSource(self.source))
        return gettext(generated) if generated == self.title else self.title


class ActionItem(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="action_items")
    # Empty for an action given to the forum between meetings (e.g. from a survey result); it
    # comes onto the forum's next agenda as follow-up like any other open action.
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="action_items"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_items"
    )
    title = models.CharField(_("åtgärd"), max_length=300)
    # Where the action came from, as a path inside Vardag and a readable label.
    origin_url = models.CharField(_("underlag (adress)"), max_length=300, blank=True)
    origin_label = models.CharField(_("underlag"), max_length=300, blank=True)
    # One action per form sent, however often the button is pressed.
    request_key = models.CharField(max_length=64, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="meeting_action_items",
        verbose_name=_("ansvarig"),
    )
    due_on = models.DateField(_("klar senast"))
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        indexes = [models.Index(fields=["forum", "done_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "request_key"],
                condition=~Q(request_key=""),
                name="action_item_once_per_request",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_on < timezone.localdate()


class CalendarFeed(models.Model):
    """A person's subscription to one forum's meetings (a secret URL for calendar apps)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kalenderprenumeration")
        verbose_name_plural = _("kalenderprenumerationer")
        constraints = [models.UniqueConstraint(fields=["user", "forum"], name="calendar_feed_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.forum_id}"
