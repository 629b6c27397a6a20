"""The audit log in words: one registry of what each action key means, shared by every page and
file that shows audit events (the event log, a unit's and an HR import's history, the records
trail, a person's own data), and the stored change data as "field: old → new".

`audit.record(actor, "idea.submit", ...)` keeps a stable key; people read the label, in their own
language, at display time. A key recorded anywhere in the code must be here:
`core/tests/test_audit_labels.py` collects every key the code records and fails on one without a
label. Keys from older data that are no longer recorded fall back to their words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vardag.core.models import Job

ACTION_LABELS: dict[str, Promise] = {
    "accessibility.feedback_sent": gettext_lazy("Synpunkt på tillgängligheten skickades"),
    "action_item.create": gettext_lazy("Åtgärdspunkten skapades"),
    "action_item.done": gettext_lazy("Åtgärdspunkten markerades som klar"),
    "activity.created": gettext_lazy("Aktiviteten skapades"),
    "activity.feedback_given": gettext_lazy("Återkoppling gavs på aktiviteten"),
    "activity.invitation_closed": gettext_lazy("Inbjudan till aktiviteten stängdes"),
    "activity.invitation_opened": gettext_lazy("Inbjudan till aktiviteten öppnades"),
    "activity.notes_added": gettext_lazy("Anteckningar lades till aktiviteten"),
    "activity.notes_clustered": gettext_lazy("Aktivitetens anteckningar grupperades"),
    "activity.updated": gettext_lazy("Aktiviteten ändrades"),
    "actor_map.actor_added": gettext_lazy("En aktör lades till aktörskartan"),
    "actor_map.created": gettext_lazy("Aktörskartan skapades"),
    "agenda.fill": gettext_lazy("Dagordningen fylldes på"),
    "agenda.send": gettext_lazy("Dagordningen skickades"),
    "agenda_item.decision": gettext_lazy("Beslut fattades i ärendet"),
    "agenda_item.feedback_draft": gettext_lazy("Utkast till återkoppling skrevs i ärendet"),
    "agenda_item.notes": gettext_lazy("Anteckningar skrevs i ärendet"),
    "agenda_item.place": gettext_lazy("Ärendet placerades på ett möte"),
    "agenda_item.propose": gettext_lazy("Ärendet föreslogs"),
    "agenda_item.remove": gettext_lazy("Ärendet togs bort från dagordningen"),
    "agenda_item.update": gettext_lazy("Ärendet ändrades"),
    "agreement.created": gettext_lazy("Samverkansavtalet skapades"),
    "agreement.terminated": gettext_lazy("Samverkansavtalet avslutades"),
    "api_token.created": gettext_lazy("API-nyckeln skapades"),
    "api_token.reissued": gettext_lazy("API-nyckeln skapades på nytt"),
    "api_token.revoked": gettext_lazy("API-nyckeln återkallades"),
    "calendar_feed.create": gettext_lazy("Kalenderprenumerationen skapades"),
    "calendar_feed.renew": gettext_lazy("Kalenderprenumerationens adress byttes"),
    "challenge.create": gettext_lazy("Utmaningen skapades"),
    "code.created": gettext_lazy("Koden skapades"),
    "code.deleted": gettext_lazy("Koden togs bort"),
    "code.merged": gettext_lazy("Koderna slogs ihop"),
    "code.updated": gettext_lazy("Koden ändrades"),
    "codebook.imported": gettext_lazy("Kodboken importerades"),
    "codebook.starter_added": gettext_lazy("En startkodbok lades till"),
    "contribution.responded": gettext_lazy("Bidraget besvarades"),
    "contribution.submitted": gettext_lazy("Bidraget skickades in"),
    "decision.record": gettext_lazy("Beslutet registrerades"),
    "decision.refused": gettext_lazy("Beslutet nekades"),
    "decision.review_decide": gettext_lazy("Omprövningen beslutades"),
    "decision.review_placed": gettext_lazy("Omprövningen placerades på ett möte"),
    "decision.review_set": gettext_lazy("Datum för omprövning sattes"),
    "decision.reviews_schedule": gettext_lazy("Omprövningar planerades in"),
    "disclosure.exported": gettext_lazy("Utlämnandet exporterades"),
    "disclosure.masking_decided": gettext_lazy("Beslut om maskering fattades"),
    "disclosure.requested": gettext_lazy("Begäran om utlämnande registrerades"),
    "erasure.done": gettext_lazy("Raderingen genomfördes"),
    "erasure.plan_changed": gettext_lazy(
        "Raderingen stoppades: uppgifterna hade ändrats sedan granskningen"
    ),
    "erasure.reviewed": gettext_lazy("Begäran om radering prövades"),
    "erasure.withdrawn": gettext_lazy("Begäran om radering återkallades"),
    "excerpt.created": gettext_lazy("Utdraget skapades"),
    "excerpt.deleted": gettext_lazy("Utdraget togs bort"),
    "feedback.give": gettext_lazy("Återkoppling gavs"),
    "forum.create": gettext_lazy("Forumet skapades"),
    "forum.member_add": gettext_lazy("En ledamot lades till i forumet"),
    "forum.member_remove": gettext_lazy("En ledamot togs bort ur forumet"),
    "forum.update": gettext_lazy("Forumet ändrades"),
    "group_mapping.created": gettext_lazy("Gruppkopplingen skapades"),
    "group_mapping.removed": gettext_lazy("Gruppkopplingen togs bort"),
    "hr_import.applied": gettext_lazy("HR-importen genomfördes"),
    "hr_import.checked": gettext_lazy("HR-importen provkördes"),
    "hr_import.started": gettext_lazy("HR-importen startade"),
    "hr_import.uploaded": gettext_lazy("HR-filen laddades upp"),
    "idea.attachment": gettext_lazy("En bilaga lades till idén"),
    "idea.co_owner": gettext_lazy("En medägare lades till idén"),
    "idea.comment": gettext_lazy("Idén kommenterades"),
    "idea.consultation": gettext_lazy("Idén skickades på remiss"),
    "idea.create": gettext_lazy("Idén skapades"),
    "idea.draft_delete": gettext_lazy("Utkastet till idén togs bort"),
    "idea.feedback_overdue": gettext_lazy("Återkopplingen på idén blev försenad"),
    "idea.follow": gettext_lazy("Någon började följa idén"),
    "idea.merge": gettext_lazy("Idén slogs ihop med en annan"),
    "idea.publish": gettext_lazy("Idén publicerades"),
    "idea.revisit_due": gettext_lazy("Idén ska tas upp igen"),
    "idea.stage": gettext_lazy("Idén flyttades till ett annat steg"),
    "idea.submit": gettext_lazy("Idén lämnades in"),
    "idea.support": gettext_lazy("Någon stödde idén"),
    "idea.unfollow": gettext_lazy("Någon slutade följa idén"),
    "idea.unsupport": gettext_lazy("Någon tog tillbaka sitt stöd för idén"),
    "idea.update": gettext_lazy("Idén ändrades"),
    "idea.withdraw": gettext_lazy("Idén drogs tillbaka"),
    "insight.created": gettext_lazy("Insikten skapades"),
    "insight.updated": gettext_lazy("Insikten ändrades"),
    "job.created": gettext_lazy("Jobbet startades"),
    "job.failed": gettext_lazy("Jobbet misslyckades"),
    "job.finished": gettext_lazy("Jobbet blev klart"),
    "job.rerun": gettext_lazy("Jobbet kördes igen"),
    "journey.created": gettext_lazy("Användarresan skapades"),
    "journey.step_added": gettext_lazy("Ett steg lades till användarresan"),
    "legal_reference.created": gettext_lazy("Lagstödet lades till"),
    "legal_reference.updated": gettext_lazy("Lagstödet ändrades"),
    "lesson.add": gettext_lazy("Lärdomen lades till"),
    "lesson.record": gettext_lazy("Lärdomen registrerades"),
    "mandate.create": gettext_lazy("Mandatet skapades"),
    "mandate.update": gettext_lazy("Mandatet ändrades"),
    "meeting.add": gettext_lazy("Mötet lades till"),
    "meeting.adjuster_changed": gettext_lazy("Justeraren byttes"),
    "meeting.cancel": gettext_lazy("Mötet ställdes in"),
    "meeting.close": gettext_lazy("Mötet avslutades"),
    "meeting.move": gettext_lazy("Mötet flyttades"),
    "meeting_series.create": gettext_lazy("Mötesserien skapades"),
    "membership.changed": gettext_lazy("Uppdraget ändrades"),
    "membership.created": gettext_lazy("Uppdraget skapades"),
    "membership.removed": gettext_lazy("Uppdraget togs bort"),
    "memo.created": gettext_lazy("Memot skapades"),
    "minutes.approve": gettext_lazy("Protokollet justerades"),
    "notification.all_read": gettext_lazy("Alla aviseringar markerades som lästa"),
    "notification.created": gettext_lazy("Aviseringen skapades"),
    "notification.handled": gettext_lazy("Aviseringen markerades som hanterad"),
    "notification.preferences_changed": gettext_lazy("Inställningarna för aviseringar ändrades"),
    "notification.read": gettext_lazy("Aviseringen markerades som läst"),
    "organisation.created": gettext_lazy("Organisationen skapades"),
    "organisation.policy_changed": gettext_lazy("Organisationens inställningar ändrades"),
    "participation.linked": gettext_lazy("Delaktigheten kopplades till en idé"),
    "person.data_exported": gettext_lazy("Personens uppgifter laddades ner (registerutdrag)"),
    "persona.created": gettext_lazy("Personan skapades"),
    "persona.quote_added": gettext_lazy("Ett citat lades till personan"),
    "pilot.adoption_create": gettext_lazy("Införandet på ett nytt ställe registrerades"),
    "pilot.adoption_result": gettext_lazy("Resultatet av införandet registrerades"),
    "pilot.evaluation_record": gettext_lazy("Utvärderingen registrerades"),
    "pilot.follow_up": gettext_lazy("Uppföljningen registrerades"),
    "pilot.follow_up_reminded": gettext_lazy("Påminnelse om uppföljning skickades"),
    "pilot.goal_add": gettext_lazy("Ett effektmål lades till"),
    "pilot.iteration_add": gettext_lazy("En iteration lades till"),
    "pilot.measurement_add": gettext_lazy("En mätning lades till"),
    "pilot.measurements_import": gettext_lazy("Mätningar importerades"),
    "pilot.partner_add": gettext_lazy("En partner lades till piloten"),
    "pilot.plan": gettext_lazy("Piloten planerades"),
    "pilot.plan_save": gettext_lazy("Planen för breddinförande sparades"),
    "pilot.takeover": gettext_lazy("Mottagandet registrerades"),
    "pilot.update": gettext_lazy("Piloten ändrades"),
    "process_model.default": gettext_lazy("Standardprocessen valdes"),
    "process_model.evidence": gettext_lazy("Kraven på underlag ändrades"),
    "process_model.install": gettext_lazy("Processmodellen installerades"),
    "questionnaire.created": gettext_lazy("Enkäten skapades"),
    "questionnaire.dimension_added": gettext_lazy("En dimension lades till enkäten"),
    "questionnaire.dimension_deleted": gettext_lazy("En dimension togs bort ur enkäten"),
    "questionnaire.dimension_updated": gettext_lazy("En dimension i enkäten ändrades"),
    "questionnaire.instrument_installed": gettext_lazy("Ett mätinstrument installerades"),
    "questionnaire.item_added": gettext_lazy("En fråga lades till enkäten"),
    "questionnaire.item_deleted": gettext_lazy("En fråga togs bort ur enkäten"),
    "questionnaire.item_moved": gettext_lazy("En fråga i enkäten flyttades"),
    "questionnaire.item_updated": gettext_lazy("En fråga i enkäten ändrades"),
    "questionnaire.section_added": gettext_lazy("En del lades till enkäten"),
    "questionnaire.section_deleted": gettext_lazy("En del togs bort ur enkäten"),
    "questionnaire.section_moved": gettext_lazy("En del av enkäten flyttades"),
    "questionnaire.section_updated": gettext_lazy("En del av enkäten ändrades"),
    "questionnaire.versioned": gettext_lazy("En ny version av enkäten skapades"),
    "retention.applied": gettext_lazy("Gallring genomfördes"),
    "retention.rule_created": gettext_lazy("Gallringsregeln lades till"),
    "retention.rule_changed": gettext_lazy("Gallringsregeln ändrades"),
    "retention.rule_saved": gettext_lazy("Gallringsregeln sparades"),  # older data
    "retention.run": gettext_lazy("Gallringsjobbet kördes"),
    "round.answers_checked": gettext_lazy("Svarsfilen provkördes"),
    "round.answers_imported": gettext_lazy("Svar importerades"),
    "round.answers_uploaded": gettext_lazy("Svarsfilen laddades upp"),
    "round.closed": gettext_lazy("Enkätomgången stängdes"),
    "round.created": gettext_lazy("Enkätomgången skapades"),
    "round.links_generated": gettext_lazy("Svarslänkar skapades"),
    "round.opened": gettext_lazy("Enkätomgången öppnades"),
    "round.reminded": gettext_lazy("Påminnelse om enkäten skickades"),
    "source.deleted": gettext_lazy("Källan togs bort"),
    "source.imported": gettext_lazy("Källan importerades"),
    "source.updated": gettext_lazy("Källan ändrades"),
    "stage.add": gettext_lazy("Steget lades till"),
    "stage.delete": gettext_lazy("Steget togs bort"),
    "stage.move": gettext_lazy("Steget flyttades"),
    "stage.update": gettext_lazy("Steget ändrades"),
    "study.created": gettext_lazy("Studien skapades"),
    "study.imported": gettext_lazy("Studien importerades"),
    "study.member_removed": gettext_lazy("En deltagare togs bort ur studien"),
    "study.member_set": gettext_lazy("En deltagare lades till eller fick ny roll i studien"),
    "study.updated": gettext_lazy("Studien ändrades"),
    "task.lost": gettext_lazy("Ett bakgrundsjobb avbröts"),
    "task.requeued": gettext_lazy("Ett bakgrundsjobb köades igen"),
    "theme.insight_created": gettext_lazy("En insikt skapades ur temat"),
    "theme.saved": gettext_lazy("Temat sparades"),
    "unit.changed": gettext_lazy("Enheten ändrades"),
    "unit.closed": gettext_lazy("Enheten avslutades"),
    "unit.created": gettext_lazy("Enheten skapades"),
    "unit.moved": gettext_lazy("Enheten flyttades"),
    "unit.renamed": gettext_lazy("Enheten bytte namn"),
    "unit.reopened": gettext_lazy("Enheten öppnades igen"),
    "user.changed": gettext_lazy("Personuppgifterna ändrades"),
    "user.created": gettext_lazy("Personen lades till"),
    "user.language": gettext_lazy("Språket byttes"),
    "user.session_ended": gettext_lazy("En inloggning avslutades"),
    "user.sessions_ended": gettext_lazy("Alla inloggningar avslutades"),
    "user.sso_linked": gettext_lazy("Kontot kopplades till inloggning via organisationen"),
    "user_group.created": gettext_lazy("Användargruppen skapades"),
    "user_group.updated": gettext_lazy("Användargruppen ändrades"),
    "value_assessment.created": gettext_lazy("Värdebedömningen skapades"),
    "value_assessment.risk_added": gettext_lazy("En risk lades till värdebedömningen"),
    "value_assessment.updated": gettext_lazy("Värdebedömningen ändrades"),
}


def _words(key: str) -> str:
    return " ".join(key.replace(".", " ").replace("_", " ").split())


def action_label(action: str) -> str:
    """The action in words; a key without a label (older data) is shown as its words."""
    label = ACTION_LABELS.get(action)
    if label is not None:
        return str(label)
    return _("Övrig händelse (%(words)s)") % {"words": _words(action) or "–"}


def action_choices(actions: Iterable[str]) -> list[tuple[str, str]]:
    """(key, label) for a filter's choices, in the order of their labels."""
    labelled = [(key, action_label(key)) for key in set(actions)]
    return sorted(labelled, key=lambda pair: (pair[1].casefold(), pair[0]))


def _model(target_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def kind_label(target_type: str) -> str:
    """The kind of a recorded object in words (its model's verbose name): "Enhet"."""
    model = _model(target_type)
    if model is None:
        return capfirst(_words(target_type.rpartition(".")[2])) or "–"
    return str(capfirst(model._meta.verbose_name))


# What each background task does, by its path (`Task.module_path`, kept as a Job's `task_path`):
# the event log names a job by it. `core/tests/test_audit_labels.py` fails on a task without one.
TASK_LABELS: dict[str, Promise] = {
    "vardag.ideas.tasks.flag_overdue_feedback": gettext_lazy(
        "Påminnelse om återkoppling som dröjer"
    ),
    "vardag.ideas.tasks.flag_revisit_due": gettext_lazy("Påminnelse om idéer att ta upp igen"),
    "vardag.meetings.tasks.send_invitations": gettext_lazy("Skicka kallelser till ett möte"),
    "vardag.notifications.tasks.send_daily_digests": gettext_lazy(
        "Skicka dagens sammanfattningar av aviseringar"
    ),
    "vardag.notifications.tasks.send_digest": gettext_lazy(
        "Skicka en sammanfattning av aviseringar"
    ),
    "vardag.notifications.tasks.send_notification_email": gettext_lazy(
        "Skicka e-post om avisering"
    ),
    "vardag.orgadmin.tasks.apply_hr_import": gettext_lazy("Import av personal"),
}


def job_label(job: Job) -> str:
    """A background job as what it does, its state and when it last changed: "Import av
    personal (klart 2026-12-07 14:03)". A job of a task without a label goes by its title."""
    what = TASK_LABELS.get(job.task_path) or job.title or kind_label("core.job")
    state = job.get_status_display()
    return _("%(what)s (%(state)s %(time)s)") % {
        "what": what,
        "state": state[:1].lower() + state[1:],
        "time": date_format(timezone.localtime(job.updated_at), "Y-m-d H:i"),
    }


@dataclass(frozen=True)
class Change:
    """One line of stored change data: `label: old → new` (`old` None for a plain value)."""

    label: str
    new: str
    old: str | None = None


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any] | None:
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist or a reverse relation: no label
        return None
    return field if isinstance(field, models.Field) else None


def _value(field: models.Field[Any, Any] | None, value: Any, names: Mapping[Any, str]) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation and isinstance(value, int):
        return names.get(value, _("nr %(id)s") % {"id": value})
    if isinstance(value, list):
        return ", ".join(_value(field, v, names) for v in value)
    return str(value)


def changes(
    model: type[models.Model],
    data: Mapping[str, Any],
    *,
    fields: Mapping[str, object] | None = None,
    labels: Mapping[str, Promise | str] | None = None,
    names: Mapping[Any, str] | None = None,
) -> list[Change]:
    """Stored change data in words: `{"name": ["A", "B"]}` → Change("Namn", "B", "A"), with the
    field's verbose name, choice labels and related objects' names (`names`: id → name, fetched
    by the caller in one query). A pair `[old, new]` is a change; anything else a plain value.
    `fields` names the field a data key records when it is not the model's own (`"on"` →
    `closed_at`), `labels` words a key that is no field at all.

    The lines follow the model's field order, then the other keys alphabetically, whatever order
    the data was stored in (PostgreSQL's jsonb keeps its keys in an order of its own)."""
    position = {f.name: i for i, f in enumerate(model._meta.concrete_fields)}

    def order(key: str) -> tuple[int, str]:
        given = (fields or {}).get(key)
        name = given.name if isinstance(given, models.Field) else key
        return position.get(name, len(position)), key

    rows = []
    for key in sorted(data, key=order):
        value = data[key]
        given = (fields or {}).get(key)
        field = given if isinstance(given, models.Field) else _field(model, key)
        if key in (labels or {}):
            label = str((labels or {})[key])
        elif field is not None:
            label = str(capfirst(field.verbose_name))
        else:
            label = capfirst(_words(key))
        if isinstance(value, list) and len(value) == 2:
            old, new = (_value(field, v, names or {}) for v in value)
            rows.append(Change(label=label, new=new, old=old))
        else:
            rows.append(Change(label=label, new=_value(field, value, names or {})))
    return rows
