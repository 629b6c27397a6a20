"""Studies, activities, sources, the codebook, excerpts, memos and themes (DOMAIN.md F12).

Source texts are stored only after pseudonymisation (vardag.core.privacy); the pseudonym key of
a study lives in its own table (PseudonymKeyRecord) and is shown only to the study owner.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vardag.core.models import Organisation, Unit
from vardag.core.roles import Role


class Study(models.Model):
    class CodingVisibility(models.TextChoices):
        VISIBLE = "visible", _("Kodare ser varandras kodning")
        BLIND = "blind", _("Blind kodning: kodare ser bara sin egen kodning")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="studies")
    title = models.CharField(_("titel"), max_length=200)
    questions = models.TextField(_("forskningsfrågor"), blank=True)
    approach = models.TextField(_("ansats och metod"), blank=True)
    funder = models.CharField(_("finansiär"), max_length=200, blank=True)
    partners = models.TextField(_("samarbetspartner"), blank=True)
    starts_on = models.DateField(_("startdatum"), null=True, blank=True)
    ends_on = models.DateField(_("slutdatum"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_studies",
        verbose_name=_("ansvarig forskare"),
    )
    coding_visibility = models.CharField(
        _("kodning"),
        max_length=10,
        choices=CodingVisibility.choices,
        default=CodingVisibility.VISIBLE,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("studie")
        verbose_name_plural = _("studier")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="study_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_blind(self) -> bool:
        return self.coding_visibility == self.CodingVisibility.BLIND


class StudyMember(models.Model):
    class Role(models.TextChoices):
        RESEARCHER = "researcher", _("Forskare")
        CODER = "coder", _("Kodare")
        READER = "reader", _("Läsare")

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_memberships"
    )
    role = models.CharField(_("roll i studien"), max_length=12, choices=Role.choices)

    class Meta:
        ordering = ["study", "role", "user__first_name"]
        verbose_name = _("studiedeltagare")
        verbose_name_plural = pgettext_lazy("plural", "studiedeltagare")  # same word as singular
        constraints = [
            models.UniqueConstraint(fields=["study", "user"], name="study_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Activity(models.Model):
    class Kind(models.TextChoices):
        CONVERSATION = "conversation", _("Samtal")
        WORKSHOP = "workshop", _("Workshop")
        FOCUS_GROUP = "focus_group", _("Fokusgrupp")
        INTERVIEW = "interview", _("Djupintervju")
        DIALOGUE = "dialogue", _("Dialogmöte")
        FEEDBACK = "feedback", _("Återkopplingsmöte")

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("rubrik"), max_length=200)
    held_on = models.DateField(_("datum"), null=True, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    # Meetings sit above research in the layers: a loose reference, resolved by vardag.meetings.
    meeting_id = models.PositiveIntegerField(_("möte (id)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")

    def __str__(self) -> str:
        return self.title


class ParticipantGroup(models.Model):
    """How many took part in an activity, by role and unit (never who)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(_("roll"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("enhet")
    )
    count = models.PositiveSmallIntegerField(_("antal"))

    class Meta:
        verbose_name = _("deltagargrupp")
        verbose_name_plural = _("deltagargrupper")
        ordering = ["activity", "role"]
        constraints = [models.CheckConstraint(condition=Q(count__gte=1), name="participants_gte_1")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.count}"


class PseudonymKeyRecord(models.Model):
    """The study's pseudonym key as a whole: the row an import locks so that two imports into
    one study never give two originals the same pseudonym. The entries are PseudonymEntry rows."""

    study = models.OneToOneField(Study, on_delete=models.CASCADE, related_name="pseudonym_key")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pseudonymnyckel")
        verbose_name_plural = _("pseudonymnycklar")

    def __str__(self) -> str:
        return f"key:{self.study_id}"


class PseudonymEntry(models.Model):
    """One original → pseudonym of a study's key (originals!), kept apart from the texts and
    shown only to the study owner. A row per original: an import reads the entries its text
    needs and adds its new ones, instead of loading and rewriting the whole key."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="pseudonym_entries")
    kind = models.CharField(max_length=30)
    original = models.TextField()  # normalised (vardag.core.privacy.pseudonymise)
    pseudonym = models.TextField()
    # "Person 7" follows the name template with number 7: the next new name gets max + 1.
    numbered_kind = models.CharField(max_length=30, blank=True)
    number = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("post i pseudonymnyckeln")
        verbose_name_plural = _("poster i pseudonymnyckeln")
        ordering = ["kind", "pseudonym"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "kind", "original"], name="pseudonym_entry_once"
            )
        ]
        indexes = [
            models.Index(fields=["study", "original"], name="pseudonym_entry_original"),
            models.Index(fields=["study", "pseudonym"], name="pseudonym_entry_pseudonym"),
            models.Index(fields=["study", "numbered_kind", "number"], name="pseudonym_entry_n"),
        ]

    def __str__(self) -> str:
        return f"key:{self.study_id}:{self.pseudonym}"


class Source(models.Model):
    class Kind(models.TextChoices):
        TRANSCRIPT = "transcript", _("Transkription")
        NOTES = "notes", _("Anteckningar")
        DOCUMENT = "document", _("Dokument")

    guid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    # The GUID exactly as another REFI-QDA tool wrote it (upper case, braces), for exports.
    refi_guid = models.CharField(max_length=40, blank=True, editable=False)
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="sources")
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sources",
        verbose_name=_("aktivitet"),
    )
    title = models.CharField(_("rubrik"), max_length=200)
    kind = models.CharField(_("typ"), max_length=12, choices=Kind.choices, default=Kind.TRANSCRIPT)
    text = models.TextField(_("text (pseudonymiserad)"))
    file_name = models.CharField(_("filnamn"), max_length=255, blank=True)
    speaker_role = models.CharField(
        _("talarens roll"), max_length=30, choices=Role.choices, blank=True
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("enhet")
    )
    recorded_on = models.DateField(_("datum"), null=True, blank=True)
    # Transcript cues: [{"start": "00:00:01.000", "end": ..., "speaker": ..., "offset": n}]
    cues = models.JSONField(default=list, blank=True)
    replaced_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["study", "title", "id"]
        verbose_name = _("källa")
        verbose_name_plural = _("källor")

    def __str__(self) -> str:
        return self.title


class StickyNote(models.Model):
    """A workshop sticky note, grouped into clusters."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="notes")
    text = models.CharField(_("lapp"), max_length=500)
    cluster = models.CharField(_("kluster"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lapp")
        verbose_name_plural = _("lappar")
        ordering = ["cluster", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Code(models.Model):
    guid = models.UUIDField(default=uuid.uuid4, editable=False)
    # The GUID exactly as another REFI-QDA tool wrote it (upper case, braces), for exports.
    refi_guid = models.CharField(max_length=40, blank=True, editable=False)
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="codes")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("överordnad kod"),
    )
    name = models.CharField(_("namn"), max_length=200)
    definition = models.TextField(_("definition"), blank=True)
    colour = models.CharField(_("färg"), max_length=7, default="#1f6feb")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("kod")
        verbose_name_plural = _("koder")
        constraints = [
            models.UniqueConstraint(fields=["study", "guid"], name="code_guid_unique_per_study"),
            models.UniqueConstraint(
                fields=["study", "parent", "name"], name="code_name_unique_per_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Excerpt(models.Model):
    """One code applied by one coder to text[start:end] of a source."""

    guid = models.UUIDField(default=uuid.uuid4, editable=False)
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="excerpts")
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="excerpts")
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Coder named in an imported REFI-QDA project who has no account here.
    coder_label = models.CharField(_("kodare (importerad)"), max_length=200, blank=True)
    start = models.PositiveIntegerField(_("från tecken"))
    end = models.PositiveIntegerField(_("till tecken"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["source", "start", "end", "id"]
        verbose_name = _("textutdrag")
        verbose_name_plural = pgettext_lazy("plural", "textutdrag")  # same word as singular
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="excerpt_span"),
            models.UniqueConstraint(
                fields=["source", "code", "coder", "coder_label", "start", "end"],
                name="excerpt_unique",
            ),
        ]
        indexes = [models.Index(fields=["code", "source"])]

    def __str__(self) -> str:
        return f"{self.code_id}@{self.source_id}:{self.start}-{self.end}"

    @property
    def text(self) -> str:
        return self.source.text[self.start : self.end]


class Memo(models.Model):
    guid = models.UUIDField(default=uuid.uuid4, editable=False)
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="memos")
    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, null=True, blank=True, related_name="memos"
    )
    excerpt = models.ForeignKey(
        Excerpt, on_delete=models.CASCADE, null=True, blank=True, related_name="memos"
    )
    code = models.ForeignKey(
        Code, on_delete=models.CASCADE, null=True, blank=True, related_name="memos"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("memo"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("memo")
        verbose_name_plural = _("memon")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]


class Theme(models.Model):
    class ConditionKind(models.TextChoices):
        ENABLER = "enabler", _("Möjliggörare")
        BARRIER = "barrier", _("Hinder")

    class Level(models.TextChoices):
        INDIVIDUAL = "individual", _("Individ")
        GROUP = "group", _("Grupp")
        ORGANISATION = "organisation", _("Organisation")
        BETWEEN = "between", _("Mellan organisationer")
        POLITICAL = "political", _("Politisk nivå")

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="themes")
    # The GUID exactly as another REFI-QDA tool wrote it (upper case, braces), for exports.
    refi_guid = models.CharField(max_length=40, blank=True, editable=False)
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    codes = models.ManyToManyField(Code, related_name="themes", blank=True, verbose_name=_("koder"))
    # A theme may be stated as a condition (förutsättning): enabler/barrier at a level.
    condition_kind = models.CharField(
        _("förutsättning"), max_length=10, choices=ConditionKind.choices, blank=True
    )
    condition_level = models.CharField(_("nivå"), max_length=15, choices=Level.choices, blank=True)
    # The insight this theme became (participation sits below research in the layers).
    insight = models.ForeignKey(
        "participation.Insight",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="research_themes",
        verbose_name=_("insikt"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("tema")
        verbose_name_plural = _("teman")

    def __str__(self) -> str:
        return self.name

    @property
    def is_condition(self) -> bool:
        return bool(self.condition_kind)
