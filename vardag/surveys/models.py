"""Questionnaires, their frozen versions, rounds, anonymous invitations and responses.

Anonymity by construction: an `Invitation` knows the person (to send the link and reminders) but
stores only a hash of the link's token; a `Response` knows no invitation and no person. While a
response is a draft it is found by a second, different hash of the same token (`draft_key`), which
is erased when it is submitted. After that nothing in the database joins a person to an answer.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vardag.core.models import Organisation, Unit


def token_hash(token: str, purpose: str) -> str:
    return hashlib.sha256(f"{purpose}:{token}".encode()).hexdigest()


class Questionnaire(models.Model):
    class Kind(models.TextChoices):
        CONDITIONS = "conditions", _("Förutsättningar för innovation")
        USER_SURVEY = "user_survey", _("Användarenkät")
        OTHER = "other", _("Annan enkät")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="questionnaires"
    )
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    # Set when this is Vardag's shipped conditions instrument (instrument.INSTRUMENT_VERSION):
    # an organisation has it at most once per instrument version, so a double click or two tabs
    # cannot install it twice.
    instrument_version = models.CharField(max_length=20, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("enkät")
        verbose_name_plural = _("enkäter")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "instrument_version"],
                condition=~Q(instrument_version=""),
                name="questionnaire_instrument_once",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Version(models.Model):
    """One version of a questionnaire; frozen at its first response (changes make a new one)."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    frozen_at = models.DateTimeField(_("låst"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enkätversion")
        verbose_name_plural = _("enkätversioner")
        ordering = ["questionnaire", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class Dimension(models.Model):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="dimensions")
    code = models.SlugField(_("kod"), max_length=40)
    name_sv = models.CharField(_("namn (svenska)"), max_length=200)
    name_en = models.CharField(_("namn (engelska)"), max_length=200, blank=True)
    description_sv = models.TextField(_("beskrivning (svenska)"), blank=True)
    description_en = models.TextField(_("beskrivning (engelska)"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("dimension i enkäten")
        verbose_name_plural = _("dimensioner i enkäten")
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="dimension_code_unique")
        ]

    def __str__(self) -> str:
        return self.name_sv

    def name(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name_sv


class Section(models.Model):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(default=0)
    title_sv = models.CharField(_("rubrik (svenska)"), max_length=200)
    title_en = models.CharField(_("rubrik (engelska)"), max_length=200, blank=True)
    # Simple condition: show the section only when an earlier item has this value.
    condition_item = models.ForeignKey(
        "Item",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("visas bara om frågan"),
    )
    condition_value = models.CharField(_("har svaret"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("del av enkäten")
        verbose_name_plural = _("delar av enkäten")
        ordering = ["version", "order", "id"]

    def __str__(self) -> str:
        return self.title_sv

    def title(self, language: str) -> str:
        return self.title_en if language == "en" and self.title_en else self.title_sv


class Item(models.Model):
    class Kind(models.TextChoices):
        LIKERT4 = "likert4", _("Skala 1–4")
        LIKERT5 = "likert5", _("Skala 1–5")
        LIKERT7 = "likert7", _("Skala 1–7")
        YES_NO = "yes_no", _("Ja/nej")
        SINGLE = "single", _("Ett val")
        MULTIPLE = "multiple", _("Flera val")
        OPEN = "open", _("Fritext")

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items")
    dimension = models.ForeignKey(
        Dimension,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("dimension"),
    )
    order = models.PositiveIntegerField(default=0)
    code = models.SlugField(_("variabelnamn"), max_length=40)
    kind = models.CharField(_("svarstyp"), max_length=10, choices=Kind.choices)
    text_sv = models.TextField(_("fråga (svenska)"))
    text_en = models.TextField(_("fråga (engelska)"), blank=True)
    manager_text_sv = models.TextField(_("fråga till chefer (svenska)"), blank=True)
    manager_text_en = models.TextField(_("fråga till chefer (engelska)"), blank=True)
    # [[value, label_sv, label_en], ...] for single and multiple choice.
    choices = models.JSONField(_("svarsalternativ"), default=list, blank=True)
    is_reversed = models.BooleanField(_("omvänd skala"), default=False)
    is_required = models.BooleanField(_("obligatorisk"), default=False)

    class Meta:
        verbose_name = _("fråga i enkäten")
        verbose_name_plural = _("frågor i enkäten")
        ordering = ["version", "section__order", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="item_code_unique")]

    def __str__(self) -> str:
        return self.code

    @property
    def scale_points(self) -> int:
        return {"likert4": 4, "likert5": 5, "likert7": 7}.get(self.kind, 0)

    @property
    def is_scale(self) -> bool:
        return self.scale_points > 0

    def text(self, language: str, audience: str = "employee") -> str:
        if audience == Audience.MANAGER and self.manager_text_sv:
            sv, en = self.manager_text_sv, self.manager_text_en
        else:
            sv, en = self.text_sv, self.text_en
        return en if language == "en" and en else sv

    def allowed_values(self) -> set[str]:
        if self.is_scale:
            return {str(v) for v in range(1, self.scale_points + 1)}
        if self.kind == Item.Kind.YES_NO:
            return {"0", "1"}
        return {str(c[0]) for c in self.choices}


class Audience(models.TextChoices):
    EMPLOYEE = "employee", _("Medarbetare")
    MANAGER = "manager", _("Chef")
    OTHER = "other", _("Övriga")


class Round(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Förberedelse")
        OPEN = "open", _("Pågår")
        CLOSED = "closed", _("Avslutad")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(_("rubrik"), max_length=200)
    target_units = models.ManyToManyField(
        Unit, related_name="+", verbose_name=_("enheter som tillfrågas"), blank=True
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jämför med omgång"),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    closes_on = models.DateField(_("sista svarsdag"), null=True, blank=True)
    is_open_link = models.BooleanField(
        _("öppen länk"), default=False, help_text=_("Vem som helst med länken kan svara.")
    )
    open_token = models.CharField(max_length=64, blank=True, db_index=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("omgång")
        verbose_name_plural = _("omgångar")

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """Who is asked (for the link and reminders); never joined to a response."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    # Erased when the round closes.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    audience = models.CharField(max_length=10, choices=Audience.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    nonce = models.CharField(max_length=32)  # the link is recomputed from it for reminders
    is_used = models.BooleanField(default=False)
    reminders_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")
        indexes = [models.Index(fields=["round", "unit", "is_used"])]

    def __str__(self) -> str:
        return f"{self.round} / {self.unit}"


class Response(models.Model):
    class Source(models.TextChoices):
        WEB = "web", _("Webb")
        IMPORT = "import", _("Import")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, related_name="+")
    audience = models.CharField(max_length=10, choices=Audience.choices)
    language = models.CharField(max_length=5, default="sv")
    draft_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    page = models.PositiveSmallIntegerField(default=0)
    submitted_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    respondent_ref = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("enkätsvar")
        verbose_name_plural = pgettext_lazy("plural", "enkätsvar")  # same word as singular
        constraints = [
            models.UniqueConstraint(
                fields=["round", "respondent_ref"],
                condition=~Q(respondent_ref=""),
                name="response_ref_unique_per_round",
            )
        ]
        indexes = [models.Index(fields=["round", "submitted_on"])]

    def __str__(self) -> str:
        return f"{self.round} #{self.pk}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_on is not None


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="answers")
    value = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True)
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("svar på en fråga")
        verbose_name_plural = _("svar på frågor")
        constraints = [models.UniqueConstraint(fields=["response", "item"], name="answer_unique")]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.item_id}"


class AnswerImport(models.Model):
    """An uploaded answer file between its steps: column mapping → dry run → apply.

    The file stays on the server (never round-trips through the browser), bound to the person who
    uploaded it, the organisation and the round, with a SHA-256 of its content. It expires after
    `IMPORT_LIFETIME`; its content is erased once it is applied or has expired.
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uppladdad")
        CHECKED = "checked", _("Provkörd")
        APPLIED = "applied", _("Importerad")
        EXPIRED = "expired", _("Utgången")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="imports")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(_("fil"), max_length=255)
    content = models.BinaryField(default=bytes)
    sha256 = models.CharField(max_length=64)
    encoding = models.CharField(_("teckenkodning"), max_length=20, blank=True)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=list)  # one target per column: "", "item:<code>", …
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    report = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["round", "sha256"])]
        verbose_name = _("svarsimport")
        verbose_name_plural = _("svarsimporter")

    def __str__(self) -> str:
        return self.file_name
