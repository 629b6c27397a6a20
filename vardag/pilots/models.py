"""Pilots, impact goals, measurements, evaluations, implementation, review dates, adoptions and
structured lessons (DOMAIN.md F8, F10, F11; issue 16).

A Pilot is planned from an idea's G2 decision (money). Its impact goals (effektmål) are measured by
hand or from a spreadsheet; each pilot period ends in an Evaluation with a recommendation. G3
(scale up) needs an ImplementationPlan; "införd" needs every receiving unit's takeover and the
recorded follow-up (guards registered into vardag.ideas.gates). A DecisionReview puts a decision
on its forum's agenda again on a date; an Adoption spreads an implemented innovation to another
unit or organisation; a LessonRecord is the structured "what we learn" behind a lesson.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vardag.core.models import Organisation, Unit
from vardag.forums.models import Forum
from vardag.ideas.models import Decision, Idea, IdeaState, Lesson
from vardag.participation.models import Insight, UserGroup, ValueAssessment


class Phase(models.TextChoices):
    """Where a pilot is, read from its idea's state (the state machine stays in ideas)."""

    PLANNED = "planned", _("Planeras")
    RUNNING = "running", _("Pågår")
    EVALUATING = "evaluating", _("Utvärderas")
    SCALING = "scaling", _("Införs")
    IMPLEMENTED = "implemented", _("Införd")
    ON_HOLD = "on_hold", _("Vilande")
    STOPPED = "stopped", _("Avslutad")


PHASE_BY_STATE = {
    IdeaState.DESIGN: Phase.PLANNED,
    IdeaState.PILOT: Phase.RUNNING,
    IdeaState.EVALUATING: Phase.EVALUATING,
    IdeaState.SCALING: Phase.SCALING,
    IdeaState.IMPLEMENTED: Phase.IMPLEMENTED,
    IdeaState.ON_HOLD: Phase.ON_HOLD,
    IdeaState.ARCHIVED: Phase.STOPPED,
}


class Pilot(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    idea = models.OneToOneField(Idea, on_delete=models.CASCADE, related_name="pilot")
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("G2-beslut"),
        help_text=_("Beslutet om pengar som piloten bygger på."),
    )
    hypothesis = models.TextField(
        _("hypotes"), help_text=_("Om vi gör …, så blir … bättre för …, vilket syns i …")
    )
    smallest_solution = models.TextField(_("minsta möjliga lösning att pröva"))
    test_group = models.ForeignKey(
        UserGroup,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("testgrupp (målgrupp)"),
    )
    test_group_size = models.PositiveIntegerField(_("antal i testgruppen"))
    starts_on = models.DateField(_("piloten börjar"))
    ends_on = models.DateField(_("piloten slutar"))
    budget_sek = models.PositiveIntegerField(_("budget (kr)"), default=0)
    hours_granted = models.PositiveIntegerField(_("beviljade timmar"), default=0)
    risks = models.TextField(_("risker och hur ni möter dem"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    request_key = models.CharField(max_length=64, blank=True)  # vardag.core.once
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("pilot")
        verbose_name_plural = _("piloter")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="pilot_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.idea.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("pilots:detail", args=[self.pk])

    @property
    def phase(self) -> str:
        return PHASE_BY_STATE.get(IdeaState(self.idea.state), Phase.PLANNED)

    def get_phase_display(self) -> str:
        return str(Phase(self.phase).label)


class Partner(models.Model):
    class Kind(models.TextChoices):
        UNIT = "unit", _("Enhet i den egna organisationen")
        ORGANISATION = "organisation", _("Annan kommun, region eller myndighet")
        CIVIL_SOCIETY = "civil_society", _("Civilsamhället")
        COMPANY = "company", _("Företag")
        RESEARCH = "research", _("Forskning och högskola")

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="partners")
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("namn"), max_length=200)
    role = models.CharField(_("roll i piloten"), max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("partner")
        verbose_name_plural = pgettext_lazy("plural", "partner")  # same word as singular

    def __str__(self) -> str:
        return self.name


class Iteration(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="iterations")
    number = models.PositiveSmallIntegerField(_("omgång"))
    starts_on = models.DateField(_("från"))
    what_changed = models.TextField(_("vad ändrades"))
    why = models.TextField(_("varför"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pilot", "number"]
        verbose_name = _("iteration")
        verbose_name_plural = _("iterationer")
        constraints = [
            models.UniqueConstraint(fields=["pilot", "number"], name="iteration_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.pilot} #{self.number}"


class GoalLevel(models.TextChoices):
    INDIVIDUAL = "individual", _("Individ")
    OPERATIONS = "operations", _("Verksamhet")
    SOCIETY = "society", _("Samhälle")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Öka")
    DECREASE = "decrease", _("Minska")


class ImpactGoal(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="goals")
    level = models.CharField(_("nivå"), max_length=12, choices=GoalLevel.choices)
    indicator = models.CharField(_("indikator"), max_length=200)
    unit = models.CharField(_("enhet"), max_length=40, help_text=_("T.ex. dagar, procent, antal"))
    direction = models.CharField(_("riktning"), max_length=10, choices=Direction.choices)
    baseline = models.DecimalField(
        _("utgångsvärde"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    baseline_on = models.DateField(_("utgångsvärdet mättes"), null=True, blank=True)
    target = models.DecimalField(
        _("målvärde"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    starts_on = models.DateField(_("tidsram från"))
    ends_on = models.DateField(_("tidsram till"))
    data_source = models.CharField(_("datakälla"), max_length=300)
    organisation_goal = models.CharField(
        _("kopplat till organisationens mål"),
        max_length=300,
        blank=True,
        help_text=_("Ett lokalt mål som finns redan, t.ex. i nämndens verksamhetsplan."),
    )
    agenda2030_target = models.CharField(
        _("Agenda 2030-delmål"),
        max_length=10,
        blank=True,
        help_text=_("T.ex. 4.1 eller 16.2"),
    )
    measurable_from = models.DateField(
        _("går att mäta från"),
        null=True,
        blank=True,
        help_text=_("Fyll i om målet inte går att mäta än: från vilket datum det går."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pilot", "level", "id"]
        verbose_name = _("effektmål")
        verbose_name_plural = pgettext_lazy("plural", "effektmål")  # same word as singular
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="goal_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.indicator

    @property
    def is_measurable_now(self) -> bool:
        return self.measurable_from is None or self.measurable_from <= timezone.localdate()

    def is_reached_by(self, value: Decimal | None) -> bool:
        if value is None or self.target is None:
            return False
        if self.direction == Direction.INCREASE:
            return value >= self.target
        return value <= self.target


class Measurement(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", _("Inmatad")
        IMPORT = "import", _("Importerad")

    goal = models.ForeignKey(ImpactGoal, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("datum"))
    value = models.DecimalField(_("värde"), max_digits=14, decimal_places=4)
    note = models.CharField(_("kommentar"), max_length=300, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    file_name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    request_key = models.CharField(max_length=64, blank=True)  # vardag.core.once
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["goal", "measured_on"]
        verbose_name = _("mätning")
        verbose_name_plural = _("mätningar")
        constraints = [
            models.UniqueConstraint(fields=["goal", "measured_on"], name="measurement_once_a_day"),
            models.UniqueConstraint(
                fields=["goal", "request_key"],
                condition=~Q(request_key=""),
                name="measurement_request_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.value} ({self.measured_on})"


class Recommendation(models.TextChoices):
    ITERATE = "iterate", _("Iterera: pröva en omgång till")
    SCALE_UP = "scale_up", _("Skala upp")
    STOP = "stop", _("Avsluta")


class Evaluation(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="evaluations")
    period_starts_on = models.DateField(_("perioden från"))
    period_ends_on = models.DateField(_("perioden till"))
    findings = models.TextField(_("vad mätningarna visar"))
    users_said = models.TextField(_("vad användarna sa"))
    children_views = models.TextField(
        _("barnens egna åsikter"),
        blank=True,
        help_text=_("Barnens egen röst, skild från de vuxnas bedömning av barnets bästa."),
    )
    insights = models.ManyToManyField(
        Insight, blank=True, related_name="+", verbose_name=_("insikter")
    )
    value_assessment = models.ForeignKey(
        ValueAssessment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("värdebedömning"),
    )
    costs_sek = models.PositiveIntegerField(_("kostnad hittills (kr)"), default=0)
    hours_used = models.PositiveIntegerField(_("använda timmar"), default=0)
    recommendation = models.CharField(
        _("rekommendation"), max_length=10, choices=Recommendation.choices
    )
    rationale = models.TextField(_("motivering"))
    lesson = models.ForeignKey(
        Lesson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    request_key = models.CharField(max_length=64, blank=True)  # vardag.core.once
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pilot", "period_ends_on", "id"]
        verbose_name = _("utvärdering")
        verbose_name_plural = _("utvärderingar")
        constraints = [
            models.UniqueConstraint(
                fields=["pilot", "request_key"],
                condition=~Q(request_key=""),
                name="evaluation_request_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pilot}: {self.get_recommendation_display()}"


class BudgetSource(models.TextChoices):
    RECEIVING_UNITS = "receiving_units", _("De mottagande enheternas driftbudget")
    REALLOCATION = "reallocation", _("Omfördelning inom förvaltningens driftbudget")
    NEW_OPERATING = "new_operating", _("Nya driftmedel beslutade av nämnden")


class ImplementationPlan(models.Model):
    pilot = models.OneToOneField(Pilot, on_delete=models.CASCADE, related_name="plan")
    budget_source = models.CharField(
        _("driftmedel"),
        max_length=20,
        choices=BudgetSource.choices,
        help_text=_("Var pengarna för den ordinarie driften kommer ifrån (inte projektmedel)."),
    )
    annual_cost_sek = models.PositiveIntegerField(_("kostnad per år (kr)"), default=0)
    budget_notes = models.TextField(_("om finansieringen"), blank=True)
    routines = models.TextField(_("rutiner och dokument som ändras"))
    training = models.TextField(_("utbildning"))
    follow_up_on = models.DateField(_("uppföljning"))
    reminded_on = models.DateField(null=True, blank=True)
    followed_up_on = models.DateField(_("uppföljd"), null=True, blank=True)
    follow_up_summary = models.TextField(_("utfall vid uppföljningen"), blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("införandeplan")
        verbose_name_plural = _("införandeplaner")

    def __str__(self) -> str:
        return str(self.pilot)

    @property
    def is_followed_up(self) -> bool:
        return self.followed_up_on is not None

    @property
    def is_follow_up_overdue(self) -> bool:
        return self.followed_up_on is None and self.follow_up_on < timezone.localdate()


class ReceivingUnit(models.Model):
    plan = models.ForeignKey(
        ImplementationPlan, on_delete=models.CASCADE, related_name="receiving_units"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("mottagande enhet")
    )
    line_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="line_ownerships",
        verbose_name=_("linjeägare"),
    )
    taken_over_on = models.DateField(_("övertagen"), null=True, blank=True)
    taken_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    takeover_note = models.TextField(_("kommentar vid övertagandet"), blank=True)

    class Meta:
        ordering = ["plan", "unit__name"]
        verbose_name = _("mottagande enhet")
        verbose_name_plural = _("mottagande enheter")
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="receiving_unit_once")]

    def __str__(self) -> str:
        return str(self.unit)

    @property
    def is_taken_over(self) -> bool:
        return self.taken_over_on is not None


class FollowUpValue(models.Model):
    """The outcome against one impact goal at the follow-up."""

    plan = models.ForeignKey(
        ImplementationPlan, on_delete=models.CASCADE, related_name="follow_up_values"
    )
    goal = models.ForeignKey(ImpactGoal, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(_("värde"), max_digits=14, decimal_places=4)

    class Meta:
        verbose_name = _("uppföljningsvärde")
        verbose_name_plural = _("uppföljningsvärden")
        constraints = [
            models.UniqueConstraint(fields=["plan", "goal"], name="follow_up_value_once")
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.value}"


class DecisionReview(models.Model):
    """A date on which a decision is looked at again by its forum (issue 16, item 5)."""

    class Reason(models.TextChoices):
        PILOT_END = "pilot_end", _("Pilotens slut")
        FOLLOW_UP = "follow_up", _("Uppföljning av införandet")
        ON_HOLD = "on_hold", _("Vilande idé")
        OTHER = "other", _("Annat")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="reviews")
    forum = models.ForeignKey(
        Forum, on_delete=models.PROTECT, related_name="+", verbose_name=_("forum")
    )
    review_on = models.DateField(_("omprövas"))
    reason = models.CharField(_("anledning"), max_length=12, choices=Reason.choices)
    note = models.TextField(_("vad som ska prövas"), blank=True)
    meeting_id = models.PositiveIntegerField(null=True, blank=True)
    agenda_item_id = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_outcomes",
        verbose_name=_("beslut vid omprövningen"),
    )
    reviewed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review_on", "id"]
        verbose_name = _("omprövning")
        verbose_name_plural = _("omprövningar")
        indexes = [models.Index(fields=["organisation", "review_on"])]

    def __str__(self) -> str:
        return f"{self.decision} ({self.review_on})"

    @property
    def is_done(self) -> bool:
        return self.outcome_id is not None


class Adoption(models.Model):
    """Another unit or organisation takes up an implemented innovation (spridning)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    origin = models.ForeignKey(
        Pilot, on_delete=models.PROTECT, related_name="adoptions", verbose_name=_("ursprung")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("enhet som inför")
    )
    line_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("linjeägare"),
    )
    started_on = models.DateField(_("startar"))
    adaptation = models.TextField(
        _("egen anpassning"), help_text=_("Vad ni gör annorlunda än ursprunget, och varför.")
    )
    material = models.JSONField(default=dict, editable=False)
    results = models.TextField(_("resultat hittills"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("spridning")
        verbose_name_plural = _("spridningar")
        constraints = [
            models.UniqueConstraint(fields=["origin", "unit"], name="adoption_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.origin} → {self.unit}"


class AdoptionResult(models.Model):
    """The adopting unit's own figure for one of the origin's impact goals."""

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="result_values")
    goal = models.ForeignKey(ImpactGoal, on_delete=models.CASCADE, related_name="adoption_results")
    measured_on = models.DateField(_("datum"))
    value = models.DecimalField(_("värde"), max_digits=14, decimal_places=4)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("spridningsresultat")
        verbose_name_plural = pgettext_lazy("plural", "spridningsresultat")  # same word as singular
        ordering = ["goal", "measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["adoption", "goal", "measured_on"], name="adoption_result_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.adoption}: {self.value}"


class StartedBy(models.TextChoices):
    EMPLOYEES = "employees", _("Medarbetare")
    MANAGERS = "managers", _("Chefer")
    USERS = "users", _("Brukare, elever eller anhöriga")
    POLITICIANS = "politicians", _("Politiker")
    OTHER = "other", _("Annan")


class Participant(models.TextChoices):
    OTHER_UNITS = "other_units", _("Andra enheter i organisationen")
    OTHER_PUBLIC = "other_public", _("Andra kommuner eller regioner")
    COMPANIES = "companies", _("Företag")
    CIVIL_SOCIETY = "civil_society", _("Civilsamhället")
    RESEARCHERS = "researchers", _("Forskare")


class Factor(models.TextChoices):
    """What helped or hindered (after the Nordic innovation barometers)."""

    LEADERSHIP = "leadership", _("Stöd från ledningen")
    TIME = "time", _("Avsatt tid")
    FUNDING = "funding", _("Finansiering")
    USER_INVOLVEMENT = "user_involvement", _("Användarnas medverkan")
    COLLABORATION = "collaboration", _("Samverkan med andra")
    SKILLS = "skills", _("Kompetens")
    TECHNOLOGY = "technology", _("Teknik och it-stöd")
    RULES = "rules", _("Regelverk och lagstiftning")
    CULTURE = "culture", _("Kultur och arbetsklimat")
    STAFFING = "staffing", _("Bemanning och personalomsättning")


class Effect(models.TextChoices):
    USER_QUALITY = "user_quality", _("Bättre kvalitet för brukare, elever eller anhöriga")
    EFFICIENCY = "efficiency", _("Effektivare verksamhet")
    WORK_ENVIRONMENT = "work_environment", _("Bättre arbetsmiljö")
    PARTICIPATION = "participation", _("Mer delaktighet för användarna")


class LessonRecord(models.Model):
    """The structured record behind a lesson, when an idea is implemented or stopped."""

    class Outcome(models.TextChoices):
        IMPLEMENTED = "implemented", _("Införd")
        STOPPED = "stopped", _("Avslutad")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="lesson_records")
    lesson = models.OneToOneField(Lesson, on_delete=models.CASCADE, related_name="record")
    outcome = models.CharField(_("utfall"), max_length=12, choices=Outcome.choices)
    started_by = models.CharField(
        _("vem tog initiativet"), max_length=12, choices=StartedBy.choices
    )
    participants = models.JSONField(_("vilka deltog"), default=list, blank=True)
    helped = models.JSONField(_("det här hjälpte"), default=list, blank=True)
    helped_text = models.TextField(_("mer om vad som hjälpte"), blank=True)
    hindered = models.JSONField(_("det här hindrade"), default=list, blank=True)
    hindered_text = models.TextField(_("mer om vad som hindrade"), blank=True)
    effects = models.JSONField(_("effekter som syntes"), default=list, blank=True)
    effects_text = models.TextField(_("mer om effekterna"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lärdomsredovisning")
        verbose_name_plural = _("lärdomsredovisningar")

    def __str__(self) -> str:
        return f"{self.idea}: {self.get_outcome_display()}"

    def _labels(self, choices: type[models.TextChoices], codes: list[str]) -> list[str]:
        labels = dict(choices.choices)
        return [str(labels[c]) for c in codes if c in labels]

    @property
    def participant_labels(self) -> list[str]:
        return self._labels(Participant, self.participants)

    @property
    def helped_labels(self) -> list[str]:
        return self._labels(Factor, self.helped)

    @property
    def hindered_labels(self) -> list[str]:
        return self._labels(Factor, self.hindered)

    @property
    def effect_labels(self) -> list[str]:
        return self._labels(Effect, self.effects)
