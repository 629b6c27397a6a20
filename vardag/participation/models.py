"""The user's perspective: user groups, personas, journeys, insights, participation, value.

Participation sits below ideas: links to challenges and ideas are generic references
(`subject_type` = "ideas.challenge" / "ideas.idea", `subject_id`), never imports.
Participants are never people in the database: counts, age bands and anonymous contributions.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vardag.core.models import Organisation, Unit


class SubjectType(models.TextChoices):
    CHALLENGE = "ideas.challenge", _("Utmaning")
    IDEA = "ideas.idea", _("Idé")


class ContactKind(models.TextChoices):
    VOLUNTARY = "voluntary", _("Frivillig kontakt")
    NON_VOLUNTARY = "non_voluntary", _("Ofrivillig kontakt")
    MIXED = "mixed", _("Både frivillig och ofrivillig")


class ThirdParty(models.TextChoices):
    GUARDIAN = "guardian", _("Vårdnadshavare")
    FOSTER_HOME = "foster_home", _("Familjehem")
    TRUSTEE = "trustee", _("God man")
    TEACHER = "teacher", _("Lärare")
    RELATIVE = "relative", _("Anhörig")


class LegalReference(models.Model):
    """A law or convention; organisation=None is the national catalogue seeded by migration."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(_("kortnamn"), max_length=40)
    title = models.CharField(_("namn"), max_length=200)
    citation = models.CharField(_("författning"), max_length=100, blank=True)
    url = models.URLField(_("länk"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("rättslig grund")
        verbose_name_plural = _("rättsliga grunder")

    def __str__(self) -> str:
        return f"{self.code} – {self.title}"


class UserGroup(models.Model):
    """A målgrupp: whose life the service is about."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    owner_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("ansvarig enhet")
    )
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    age_min = models.PositiveSmallIntegerField(_("ålder från"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("ålder till"), null=True, blank=True)
    includes_children = models.BooleanField(_("gruppen omfattar barn (under 18)"), default=False)
    contact = models.CharField(
        _("kontakten med verksamheten"), max_length=20, choices=ContactKind.choices
    )
    third_parties = models.JSONField(_("tredje parter"), default=list, blank=True)
    legal_frames = models.ManyToManyField(
        LegalReference, blank=True, related_name="+", verbose_name=_("rättsliga ramar")
    )
    size_estimate = models.PositiveIntegerField(_("uppskattat antal"), null=True, blank=True)
    search_text = models.TextField(default="", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("målgrupp")
        verbose_name_plural = _("målgrupper")

    def __str__(self) -> str:
        return self.name

    def third_party_labels(self) -> list[str]:
        labels = dict(ThirdParty.choices)
        return [str(labels.get(v, v)) for v in self.third_parties]


class EvidenceLevel(models.TextChoices):
    ASSUMPTION = "assumption", _("Antagande")
    INDICATION = "indication", _("Indikation")
    INSIGHT = "insight", _("Insikt")


class Perspective(models.TextChoices):
    USER = "user", _("Användarens egen röst")
    PROFESSIONAL = "professional", _("Professionens bild av användaren")
    ORGANISATION = "organisation", _("Organisationens perspektiv")


class ActivityKind(models.TextChoices):
    CONSULTATION = "consultation", _("Samråd")
    CO_DESIGN = "co_design", _("Samdesign")
    CO_PRODUCTION = "co_production", _("Samproduktion")
    CO_ASSESSMENT = "co_assessment", _("Samvärdering")


class Method(models.TextChoices):
    INTERVIEW = "interview", _("Intervju")
    FOCUS_GROUP = "focus_group", _("Fokusgrupp")
    WORKSHOP = "workshop", _("Workshop")
    OBSERVATION = "observation", _("Observation")
    SURVEY = "survey", _("Enkät")
    DIALOGUE = "dialogue", _("Dialogmöte")


class ShierLevel(models.IntegerChoices):
    """Shier's pathways to participation (2001), levels 1–5."""

    LISTENED = 1, _("1. Deltagarna blir lyssnade på")
    SUPPORTED = 2, _("2. Deltagarna får stöd att uttrycka sina åsikter")
    TAKEN_INTO_ACCOUNT = 3, _("3. Deltagarnas åsikter beaktas")
    INVOLVED = 4, _("4. Deltagarna är med i beslutsprocessen")
    SHARED_POWER = 5, _("5. Deltagarna delar makt och ansvar för beslut")


class ConsentRule(models.TextChoices):
    NONE = "none", _("Inget samtycke behövs")
    UNDER_13 = "under_13", _("Vårdnadshavares samtycke för barn under 13 år")
    ALWAYS = "always", _("Samtycke av alla deltagare")


class AgeBand(models.TextChoices):
    UNDER_13 = "u13", _("Under 13 år")
    AGE_13_15 = "13-15", _("13–15 år")
    AGE_16_17 = "16-17", _("16–17 år")
    AGE_18_25 = "18-25", _("18–25 år")
    AGE_26_64 = "26-64", _("26–64 år")
    AGE_65 = "65+", _("65 år eller äldre")


CHILD_BANDS = frozenset({AgeBand.UNDER_13, AgeBand.AGE_13_15, AgeBand.AGE_16_17})


class Activity(models.Model):
    """A participation activity: how users took part and what they were told afterwards."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("ansvarig enhet")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    purpose = models.TextField(_("syfte"), blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=ActivityKind.choices)
    method = models.CharField(_("metod"), max_length=20, choices=Method.choices)
    held_on = models.DateField(_("datum"), null=True, blank=True)
    user_groups = models.ManyToManyField(
        UserGroup, blank=True, related_name="activities", verbose_name=_("målgrupper")
    )
    level = models.PositiveSmallIntegerField(
        _("delaktighetsnivå (Shier)"), choices=ShierLevel.choices, default=ShierLevel.LISTENED
    )
    # Lundy's model (2007): space, voice, audience, influence.
    lundy_space = models.BooleanField(
        _("Utrymme: en trygg, inkluderande plats att säga sin mening")
    )
    lundy_voice = models.BooleanField(_("Röst: stöd att uttrycka sig på sitt eget sätt"))
    lundy_audience = models.BooleanField(_("Publik: åsikterna når dem som har makt att besluta"))
    lundy_influence = models.BooleanField(_("Inflytande: åsikterna tas på allvar och påverkar"))
    lundy_notes = models.TextField(_("hur ni uppfyller Lundys modell"), blank=True)
    # Child safeguards.
    involves_children = models.BooleanField(_("barn deltar"), default=False)
    guardian_consent = models.BooleanField(_("vårdnadshavares samtycke inhämtat"), default=False)
    child_consent = models.BooleanField(_("barnets eget samtycke inhämtat"), default=False)
    age_adapted_method = models.BooleanField(_("åldersanpassad metod"), default=False)
    support_person = models.BooleanField(_("stödperson finns med"), default=False)
    consent_rule = models.CharField(
        _("samtycke i deltagarlänken"),
        max_length=10,
        choices=ConsentRule.choices,
        default=ConsentRule.UNDER_13,
    )
    # Taking part without an account.
    token = models.CharField(max_length=43, unique=True, null=True, blank=True, editable=False)
    is_open = models.BooleanField(_("deltagarlänken är öppen"), default=False)
    child_mode = models.BooleanField(
        _("barnläge (lättläst, stora knappar, bildskala)"), default=False
    )
    question = models.TextField(_("fråga till deltagarna"), blank=True)
    # Feedback to participants.
    feedback = models.TextField(_("återkoppling till deltagarna"), blank=True)
    feedback_given_on = models.DateField(_("återkoppling given"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    request_key = models.CharField(max_length=64, blank=True)  # vardag.core.once
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("delaktighetsaktivitet")
        verbose_name_plural = _("delaktighetsaktiviteter")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "request_key"],
                condition=~Q(request_key=""),
                name="activity_request_once",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_lundy_complete(self) -> bool:
        return all((self.lundy_space, self.lundy_voice, self.lundy_audience, self.lundy_influence))

    @property
    def are_child_safeguards_complete(self) -> bool:
        if not self.involves_children:
            return True
        return all(
            (
                self.guardian_consent,
                self.child_consent,
                self.age_adapted_method,
                self.support_person,
            )
        )


class ParticipantCount(models.Model):
    """How many took part in one age band (never who)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="counts")
    age_band = models.CharField(_("åldersgrupp"), max_length=10, choices=AgeBand.choices)
    count = models.PositiveSmallIntegerField(_("antal"))

    class Meta:
        verbose_name = _("antal deltagare")
        verbose_name_plural = pgettext_lazy("plural", "antal deltagare")  # same word as singular
        ordering = ["age_band"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "age_band"], name="participant_count_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_age_band_display()}: {self.count}"


class Contribution(models.Model):
    """An anonymous view given through the invitation link. No name, no account."""

    class Scale(models.IntegerChoices):
        VERY_BAD = 1, _("Mycket dåligt")
        BAD = 2, _("Dåligt")
        NEUTRAL = 3, _("Varken bra eller dåligt")
        GOOD = 4, _("Bra")
        VERY_GOOD = 5, _("Mycket bra")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="contributions")
    code_digest = models.CharField(max_length=64, unique=True)
    text = models.TextField(_("synpunkt"), blank=True)
    scale = models.PositiveSmallIntegerField(
        _("betyg"), choices=Scale.choices, null=True, blank=True
    )
    age_band = models.CharField(_("åldersgrupp"), max_length=10, choices=AgeBand.choices)
    guardian_consent = models.BooleanField(default=False)
    own_consent = models.BooleanField(default=False)
    redactions = models.PositiveSmallIntegerField(default=0)
    response = models.TextField(_("svar till deltagaren"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    request_key = models.CharField(max_length=64, blank=True)  # vardag.core.once
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bidrag")
        verbose_name_plural = pgettext_lazy("plural", "bidrag")  # same word as singular
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "request_key"],
                condition=~Q(request_key=""),
                name="contribution_request_once",
            )
        ]

    def __str__(self) -> str:
        return _("Synpunkt %(id)s") % {"id": self.pk}


class Insight(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    statement = models.TextField(_("insikt"))
    evidence = models.CharField(_("evidensnivå"), max_length=12, choices=EvidenceLevel.choices)
    perspective = models.CharField(_("perspektiv"), max_length=14, choices=Perspective.choices)
    user_groups = models.ManyToManyField(
        UserGroup, blank=True, related_name="insights", verbose_name=_("målgrupper")
    )
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="insights", verbose_name=_("delaktighetsaktiviteter")
    )
    other_sources = models.TextField(
        _("andra källor"),
        blank=True,
        help_text=_("Till exempel forskningskällor eller enkätresultat, en per rad."),
    )
    search_text = models.TextField(default="", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("insikt")
        verbose_name_plural = _("insikter")

    def __str__(self) -> str:
        return self.statement[:80]


class SubjectLink(models.Model):
    """Links a user group, insight or activity to a challenge or idea (generic reference)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    subject_type = models.CharField(max_length=30, choices=SubjectType.choices)
    subject_id = models.PositiveIntegerField()
    user_group = models.ForeignKey(
        UserGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    insight = models.ForeignKey(
        Insight, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("koppling till utmaning eller idé")
        verbose_name_plural = _("kopplingar till utmaning eller idé")
        indexes = [models.Index(fields=["subject_type", "subject_id"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(user_group__isnull=False, insight__isnull=True, activity__isnull=True)
                    | Q(user_group__isnull=True, insight__isnull=False, activity__isnull=True)
                    | Q(user_group__isnull=True, insight__isnull=True, activity__isnull=False)
                ),
                name="subject_link_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_type}:{self.subject_id}"


class Persona(models.Model):
    user_group = models.ForeignKey(UserGroup, on_delete=models.CASCADE, related_name="personas")
    name = models.CharField(_("fingerat namn"), max_length=100)
    summary = models.TextField(_("beskrivning"))
    needs = models.TextField(_("behov och mål"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("persona")
        verbose_name_plural = _("personor")

    def __str__(self) -> str:
        return self.name


class PersonaQuote(models.Model):
    """A quote in a persona, always backed by an insight."""

    persona = models.ForeignKey(Persona, on_delete=models.CASCADE, related_name="quotes")
    insight = models.ForeignKey(
        Insight, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("insikt")
    )
    text = models.TextField(_("citat"))

    class Meta:
        verbose_name = _("citat i personan")
        verbose_name_plural = pgettext_lazy("plural", "citat i personan")  # same word as singular
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:80]


class Sphere(models.TextChoices):
    PROVIDER = "provider", _("Verksamhetens sfär")
    JOINT = "joint", _("Gemensam sfär")
    USER = "user", _("Användarens sfär")


class Journey(models.Model):
    user_group = models.ForeignKey(UserGroup, on_delete=models.CASCADE, related_name="journeys")
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("användarresa")
        verbose_name_plural = _("användarresor")

    def __str__(self) -> str:
        return self.title


class JourneyStep(models.Model):
    class Feeling(models.IntegerChoices):
        VERY_BAD = -2, _("Mycket dåligt")
        BAD = -1, _("Dåligt")
        NEUTRAL = 0, _("Neutralt")
        GOOD = 1, _("Bra")
        VERY_GOOD = 2, _("Mycket bra")

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("ordning"))
    touchpoint = models.CharField(_("kontaktpunkt"), max_length=200)
    organisation_name = models.CharField(_("organisation"), max_length=200)
    experience = models.TextField(_("användarens upplevelse"))
    pain = models.TextField(_("smärtpunkter"), blank=True)
    gain = models.TextField(_("vinster"), blank=True)
    sphere = models.CharField(_("sfär"), max_length=10, choices=Sphere.choices)
    feeling = models.SmallIntegerField(_("känsla"), choices=Feeling.choices, default=0)

    class Meta:
        verbose_name = _("steg i användarresan")
        verbose_name_plural = pgettext_lazy(
            "plural", "steg i användarresan"
        )  # same word as singular
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.touchpoint}"


class WithinFrame(models.TextChoices):
    YES = "yes", _("Ja")
    NO = "no", _("Nej")
    UNCLEAR = "unclear", _("Oklart")


class ValueScore(models.IntegerChoices):
    MUCH_WORSE = -2, _("Mycket sämre")
    WORSE = -1, _("Sämre")
    SAME = 0, _("Ingen skillnad")
    BETTER = 1, _("Bättre")
    MUCH_BETTER = 2, _("Mycket bättre")


class ValueAssessment(models.Model):
    """Value for the individual and for society, within the law, for an idea (or later a pilot)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    subject_type = models.CharField(_("gäller"), max_length=30, choices=SubjectType.choices)
    subject_id = models.PositiveIntegerField()
    subject_label = models.CharField(max_length=300, blank=True)
    title = models.CharField(_("rubrik"), max_length=200)
    perspective = models.CharField(_("vems perspektiv"), max_length=14, choices=Perspective.choices)
    user_groups = models.ManyToManyField(
        UserGroup, blank=True, related_name="+", verbose_name=_("målgrupper")
    )
    wellbeing = models.SmallIntegerField(
        _("välbefinnande på kort sikt"), choices=ValueScore.choices
    )
    outcome = models.SmallIntegerField(_("utfall på lång sikt"), choices=ValueScore.choices)
    experience = models.SmallIntegerField(_("upplevelsen av livet"), choices=ValueScore.choices)
    self_management = models.SmallIntegerField(
        _("förmåga att klara sitt eget liv"), choices=ValueScore.choices
    )
    individual_notes = models.TextField(_("värde för individen"), blank=True)
    collective = models.SmallIntegerField(
        _("värde för samhället och kollektivet"), choices=ValueScore.choices
    )
    collective_notes = models.TextField(_("kollektivt värde"), blank=True)
    other_groups = models.TextField(_("effekter för andra målgrupper"), blank=True)
    legal_references = models.ManyToManyField(
        LegalReference, blank=True, related_name="+", verbose_name=_("rättslig grund")
    )
    within_legal_frame = models.CharField(
        _("inom den rättsliga ramen?"), max_length=8, choices=WithinFrame.choices
    )
    legal_notes = models.TextField(_("rättslig bedömning"), blank=True)
    child_view = models.TextField(_("barnets egen åsikt"), blank=True)
    best_interests = models.TextField(_("vuxnas bedömning av barnets bästa"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]
        verbose_name = _("värdebedömning")
        verbose_name_plural = _("värdebedömningar")

    def __str__(self) -> str:
        return self.title

    @property
    def individual_score(self) -> float:
        return (self.wellbeing + self.outcome + self.experience + self.self_management) / 4

    @property
    def has_value_conflict(self) -> bool:
        """Individual and collective value point different ways."""
        return (self.individual_score > 0 > self.collective) or (
            self.individual_score < 0 < self.collective
        )


class ValueRisk(models.Model):
    """A risk that the service destroys value, and how it is mitigated."""

    assessment = models.ForeignKey(ValueAssessment, on_delete=models.CASCADE, related_name="risks")
    description = models.TextField(_("risk för värdeförstörelse"))
    mitigation = models.TextField(_("åtgärd"), blank=True)

    class Meta:
        verbose_name = _("risk i värdebedömningen")
        verbose_name_plural = _("risker i värdebedömningen")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description[:80]


class ActorMap(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    subject_type = models.CharField(max_length=30, choices=SubjectType.choices)
    subject_id = models.PositiveIntegerField()
    subject_label = models.CharField(max_length=300, blank=True)
    title = models.CharField(_("rubrik"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("aktörskarta")
        verbose_name_plural = _("aktörskartor")

    def __str__(self) -> str:
        return self.title


class Actor(models.Model):
    class Kind(models.TextChoices):
        USER = "user", _("Användare")
        PUBLIC = "public", _("Offentlig aktör")
        CIVIL = "civil", _("Civilsamhälle")
        PRIVATE = "private", _("Privat aktör")
        NETWORK = "network", _("Användarens nätverk")

    actor_map = models.ForeignKey(ActorMap, on_delete=models.CASCADE, related_name="actors")
    name = models.CharField(_("aktör"), max_length=200)
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    resources = models.TextField(_("resurser aktören bidrar med"), blank=True)
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="+", verbose_name=_("beroende av")
    )
    dependency_notes = models.TextField(_("beroenden"), blank=True)

    class Meta:
        verbose_name = _("aktör")
        verbose_name_plural = _("aktörer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
