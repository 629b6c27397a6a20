"""Challenges, ideas, process models, decisions, feedback and lessons.

States (governance status) are separate from stages (work phases of a configurable process model).
The state machine lives in vardag.ideas.workflow; every transition goes through a service.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vardag.core.models import Organisation, Unit
from vardag.forums.models import DecisionType, Forum, Mandate


def in_language(swedish: str, english: str) -> str:
    """Organisation data kept in both languages (like the questionnaires' `_sv`/`_en` texts):
    the English text in the English interface when there is one, else the Swedish."""
    active = (translation.get_language() or "").split("-")[0]
    return english if active == "en" and english.strip() else swedish


class ProcessModel(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="process_models"
    )
    name = models.CharField(_("namn"), max_length=200)
    name_en = models.CharField(_("namn på engelska"), max_length=200, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    description_en = models.TextField(_("beskrivning på engelska"), blank=True)
    preset = models.CharField(_("förlaga"), max_length=40, blank=True)
    is_default = models.BooleanField(_("standard för nya idéer"), default=False)
    enforce_gate_evidence = models.BooleanField(
        _("kräv underlag från användarperspektivet vid G2 och G3"),
        default=False,
        help_text=_(
            "Målgrupp, insikter med användarnas egna ord, värdebedömning med lagrum och "
            "Lundys checklista när barn berörs. Annars visas det som saknas som en varning."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("processmodell")
        verbose_name_plural = _("processmodeller")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(is_default=True),
                name="one_default_process_model_per_org",
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language."""
        return in_language(self.name, self.name_en)

    @property
    def local_description(self) -> str:
        return in_language(self.description, self.description_en)


class Stage(models.Model):
    process_model = models.ForeignKey(ProcessModel, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("ordning"))
    name = models.CharField(_("namn"), max_length=200)
    name_en = models.CharField(
        _("namn på engelska"),
        max_length=200,
        blank=True,
        help_text=_("Visas i det engelska gränssnittet; tomt: det svenska namnet visas."),
    )
    description = models.TextField(_("beskrivning"), blank=True)
    description_en = models.TextField(_("beskrivning på engelska"), blank=True)
    guiding_questions = models.TextField(_("vägledande frågor"), blank=True)
    guiding_questions_en = models.TextField(_("vägledande frågor på engelska"), blank=True)
    exit_criteria = models.TextField(_("klart när"), blank=True)
    exit_criteria_en = models.TextField(_("klart när, på engelska"), blank=True)
    exit_gate = models.CharField(
        _("beslut som avslutar fasen"),
        max_length=20,
        choices=DecisionType.choices,
        blank=True,
        help_text=_("Idén går vidare till nästa fas först när det här beslutet är fattat."),
    )

    class Meta:
        ordering = ["process_model", "order"]
        verbose_name = _("fas")
        verbose_name_plural = _("faser")
        constraints = [
            models.UniqueConstraint(fields=["process_model", "order"], name="stage_order_unique")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language (the English name when there is one)."""
        return in_language(self.name, self.name_en)

    @property
    def local_description(self) -> str:
        return in_language(self.description, self.description_en)

    @property
    def question_list(self) -> list[str]:
        text = in_language(self.guiding_questions, self.guiding_questions_en)
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def criteria_list(self) -> list[str]:
        text = in_language(self.exit_criteria, self.exit_criteria_en)
        return [line.strip() for line in text.splitlines() if line.strip()]


class Challenge(models.Model):
    class Driver(models.TextChoices):
        IDEA = "idea", _("Idédriven")
        CHALLENGE = "challenge", _("Utmaningsdriven")
        OPPORTUNITY = "opportunity", _("Möjlighetsdriven")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="challenges"
    )
    question = models.CharField(_("Hur kan vi …?"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    driver = models.CharField(
        _("drivkraft"), max_length=20, choices=Driver.choices, default=Driver.CHALLENGE
    )
    owner_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="challenges", verbose_name=_("ägarenhet")
    )
    scope = models.TextField(_("avgränsning"), blank=True)
    starts_on = models.DateField(_("från"), null=True, blank=True)
    ends_on = models.DateField(_("till"), null=True, blank=True)
    origin_url = models.CharField(
        _("underlag (adress)"), max_length=300, blank=True, help_text=_("T.ex. ett enkätresultat")
    )
    origin_label = models.CharField(_("underlag"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    request_key = models.CharField(max_length=64, blank=True)  # vardag.core.once
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("utmaning")
        verbose_name_plural = _("utmaningar")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "request_key"],
                condition=~Q(request_key=""),
                name="challenge_created_once",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="challenge_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.question


class IdeaState(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Inlämnad")
    IN_PREPARATION = "in_preparation", _("Under beredning")
    EXPLORING = "exploring", _("Utforskas")
    DESIGN = "design", _("Upplägg")
    PILOT = "pilot", _("Pilot")
    EVALUATING = "evaluating", _("Utvärderas")
    SCALING = "scaling", _("Införs")
    IMPLEMENTED = "implemented", _("Införd")
    ON_HOLD = "on_hold", _("Vilande")
    ARCHIVED = "archived", _("Arkiverad")


class IdeaOrigin(models.TextChoices):
    NEW = "new", _("Ny för organisationen")
    ADAPTED = "adapted", _("Anpassad från någon annan")
    COPIED = "copied", _("Kopierad från någon annan")


class Idea(models.Model):
    class Kind(models.TextChoices):
        SERVICE = "service", _("Ny eller förbättrad tjänst")
        WORKING_METHOD = "working_method", _("Arbetssätt")
        ORGANISATION = "organisation", _("Organisering")
        COLLABORATION = "collaboration", _("Samverkan")
        TECHNOLOGY = "technology", _("Digitalt stöd eller teknik")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="ideas")
    title = models.CharField(_("rubrik"), max_length=200)
    summary = models.TextField(_("sammanfattning"), blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.SERVICE)
    challenge = models.ForeignKey(
        Challenge,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("svarar på utmaning"),
    )
    # The outside-in canvas (utifrån och in).
    user_situation = models.TextField(_("Användarens situation och mål"), blank=True)
    user_resources = models.TextField(_("Användarens egna resurser"), blank=True)
    organisation_offer = models.TextField(_("Vad organisationerna erbjuder"), blank=True)
    better_for_whom = models.TextField(_("Vad blir bättre än i dag, och för vem"), blank=True)
    # What it asks for (used by the guide "Vart går jag med min idé?").
    asks_hours = models.PositiveIntegerField(_("behövd tid (timmar)"), default=0)
    asks_amount_sek = models.PositiveIntegerField(_("behövda pengar (kr)"), default=0)
    # Where the idea comes from (Nordic innovation surveys: most innovations are adapted).
    origin = models.CharField(
        _("idéns ursprung"), max_length=10, choices=IdeaOrigin.choices, default=IdeaOrigin.NEW
    )
    origin_source = models.CharField(
        _("varifrån"),
        max_length=300,
        blank=True,
        help_text=_("Vilken kommun, region eller verksamhet idén kommer från, om den inte är ny."),
    )

    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="initiated_ideas"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="ideas", verbose_name=_("hemenhet")
    )
    affected_units = models.ManyToManyField(
        Unit, blank=True, related_name="affected_by_ideas", verbose_name=_("berörda enheter")
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="idea_teams", verbose_name=_("idéteam")
    )

    state = models.CharField(
        _("status"), max_length=20, choices=IdeaState.choices, default=IdeaState.DRAFT
    )
    state_before_hold = models.CharField(max_length=20, choices=IdeaState.choices, blank=True)
    process_model = models.ForeignKey(
        ProcessModel, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas"
    )
    stage = models.ForeignKey(
        Stage, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas"
    )
    forum = models.ForeignKey(
        Forum,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("aktuellt forum"),
    )
    next_handling_on = models.DateField(_("nästa behandling"), null=True, blank=True)
    feedback_due_on = models.DateField(_("återkoppling senast"), null=True, blank=True)
    overdue_flagged_on = models.DateField(null=True, blank=True)
    revisit_on = models.DateField(_("tas upp igen"), null=True, blank=True)
    revisit_flagged_on = models.DateField(null=True, blank=True)
    hours_granted = models.PositiveIntegerField(default=0)
    amount_granted_sek = models.PositiveIntegerField(default=0)
    archive_reason = models.TextField(_("skäl till arkivering"), blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_ideas"
    )
    is_published = models.BooleanField(_("visas i den öppna portföljen"), default=False)
    search_text = models.TextField(blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    # The browser's token for a draft written on the "new idea" page: a retried or doubled
    # first save finds the draft it already made instead of making a second one.
    draft_key = models.CharField(max_length=64, blank=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("idé")
        verbose_name_plural = _("idéer")
        indexes = [
            models.Index(fields=["organisation", "state"]),
            models.Index(fields=["organisation", "feedback_due_on"]),
            # The idea list: count the visible ideas and find a page of them in the order of
            # the latest change without reading the wide rows (covering on SQLite).
            models.Index(
                fields=["organisation", "updated_at", "state", "initiator"],
                name="idea_list_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["initiator", "draft_key"],
                condition=~Q(draft_key=""),
                name="idea_draft_key_once",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("ideas:detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.state not in {
            IdeaState.DRAFT,
            IdeaState.ON_HOLD,
            IdeaState.ARCHIVED,
            IdeaState.IMPLEMENTED,
        }


def attachment_path(instance: IdeaAttachment, filename: str) -> str:
    return f"ideas/{instance.idea.organisation_id}/{instance.idea_id}/{uuid.uuid4().hex}"


class IdeaAttachment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(_("filnamn"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bilaga till idé")
        verbose_name_plural = _("bilagor till idéer")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="decisions")
    decision_type = models.CharField(_("beslutstyp"), max_length=20, choices=DecisionType.choices)
    mandate = models.ForeignKey(
        Mandate, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("mandat")
    )
    forum = models.ForeignKey(
        Forum,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("forum"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions"
    )
    decided_on = models.DateField(_("beslutsdatum"))
    amount_sek = models.PositiveIntegerField(_("belopp (kr)"), default=0)
    hours = models.PositiveIntegerField(_("timmar"), default=0)
    rationale = models.TextField(_("motivering"), blank=True)
    conditions = models.TextField(_("villkor"), blank=True)
    registry_number = models.CharField(_("diarienummer"), max_length=50, blank=True)
    from_state = models.CharField(max_length=20, choices=IdeaState.choices)
    to_state = models.CharField(max_length=20, choices=IdeaState.choices)
    request_key = models.CharField(max_length=64, blank=True)
    agenda_item_id = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "created_at"]
        verbose_name = _("beslut")
        verbose_name_plural = pgettext_lazy("plural", "beslut")  # same word as singular
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "request_key"],
                condition=~Q(request_key=""),
                name="decision_recorded_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_type_display()}: {self.idea}"


class Feedback(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="feedback")
    decision = models.OneToOneField(
        Decision, on_delete=models.CASCADE, null=True, blank=True, related_name="feedback"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("återkoppling"))
    request_key = models.CharField(max_length=64, blank=True)  # vardag.core.once
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("återkoppling")
        verbose_name_plural = _("återkopplingar")
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "request_key"],
                condition=~Q(request_key=""),
                name="feedback_given_once",
            )
        ]

    def __str__(self) -> str:
        return self.body[:60]


class Comment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("kommentar"))
    request_key = models.CharField(max_length=64, blank=True)  # vardag.core.once
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "request_key"],
                condition=~Q(request_key=""),
                name="comment_added_once",
            )
        ]

    def __str__(self) -> str:
        return self.body[:60]


class Support(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stödmarkering")
        verbose_name_plural = _("stödmarkeringar")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="support_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.idea_id}"


class Follow(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bevakning")
        verbose_name_plural = _("bevakningar")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="follow_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.idea_id}"


class Lesson(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="lessons")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="lessons")
    text = models.TextField(_("lärdom"))
    is_published = models.BooleanField(_("publicera lärdomen"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lärdom")
        verbose_name_plural = _("lärdomar")

    def __str__(self) -> str:
        return self.text[:60]


class IdeaEvent(models.Model):
    """The idea's timeline: one row per thing that happened, in order."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Utkast skapat")
        SUBMITTED = "submitted", _("Inlämnad")
        EDITED = "edited", _("Ändrad")
        DECISION = "decision", _("Beslut")
        FEEDBACK = "feedback", _("Återkoppling")
        STAGE = "stage", _("Ny fas")
        COMMENT = "comment", _("Kommentar")
        ATTACHMENT = "attachment", _("Bilaga")
        MERGED = "merged", _("Sammanslagen")
        WITHDRAWN = "withdrawn", _("Återtagen")
        OVERDUE = "overdue", _("Återkoppling försenad")
        REVISIT = "revisit", _("Dags att ta upp igen")
        CO_OWNER = "co_owner", _("Medägare och forum")
        CONSULTATION = "consultation", _("Yttrande")

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("händelse i idéns tidslinje")
        verbose_name_plural = _("händelser i idéernas tidslinjer")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text[:40]}"


class IdeaOrganisation(models.Model):
    """A partner organisation's part in an idea that spans organisations (DOMAIN.md F4).

    Each affected organisation other than the idea's own names a co-owner (a person of that
    organisation) and its own current forum (one of its forums, or a joint forum). The idea's own
    organisation has no row: its current forum is Idea.forum and its owner the initiator, so each
    organisation's current forum has exactly one source of truth.
    """

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="organisation_parts")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    co_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="co_owned_ideas",
        verbose_name=_("medägare"),
    )
    forum = models.ForeignKey(
        Forum,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_ideas",
        verbose_name=_("aktuellt forum"),
    )
    next_handling_on = models.DateField(_("nästa behandling"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("medägande organisation")
        verbose_name_plural = _("medägande organisationer")
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "organisation"], name="idea_organisation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.co_owner}"


class Consultation(models.Model):
    """An affected organisation's statement (yttrande) on an idea, e.g. before G2."""

    class Position(models.TextChoices):
        SUPPORTS = "supports", _("Tillstyrker")
        SUPPORTS_WITH_CONDITIONS = "conditions", _("Tillstyrker med villkor")
        OPPOSES = "opposes", _("Avstyrker")

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="consultations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    position = models.CharField(_("ställningstagande"), max_length=20, choices=Position.choices)
    statement = models.TextField(_("yttrande"))
    forum = models.ForeignKey(
        Forum,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("forum som yttrat sig"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_on = models.DateField(_("datum för yttrandet"))
    request_key = models.CharField(max_length=64, blank=True)  # vardag.core.once
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_on", "created_at"]
        verbose_name = _("yttrande")
        verbose_name_plural = _("yttranden")
        indexes = [models.Index(fields=["idea", "organisation"])]
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "request_key"],
                condition=~Q(request_key=""),
                name="consultation_recorded_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_position_display()}"
