"""What an erasure request may erase for one person, and what it must refuse and why.

Erased: what the person gave on their own initiative or consent and that is not a public record:
idea drafts never submitted, notifications, notification settings, follows and supports of
ideas, and a participant's own contribution (found by its return code).

Everything else linked to the person is looked up through the personal data register
(vardag.core.register: every model with a key to the user model). What the register classifies
as a public record (allmän handling) is refused with the archives-law reason; what is internal
(the account, roles, sign-in sessions, API tokens) is kept for as long as the account is needed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Model, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vardag.core import register
from vardag.records.kinds import is_public_record

ARCHIVES_LAW_REASON = gettext_lazy(
    "Allmän handling: den får bara gallras enligt myndighetens gallringsbeslut "
    "(10 § arkivlagen (1990:782), 2 kap. tryckfrihetsförordningen, offentlighets- och "
    "sekretesslagen (2009:400)). Rätten till radering gäller inte när behandlingen krävs för att "
    "uppfylla en rättslig förpliktelse (dataskyddsförordningen artikel 17.3 b)."
)
INTERNAL_REASON = gettext_lazy(
    "Behövs för kontot, behörigheterna eller säkerhetsloggningen så länge kontot finns; tas "
    "bort när kontot avslutas eller enligt organisationens gallringsregler."
)
CONSENT_REASON = gettext_lazy(
    "Lämnat frivilligt eller på samtycke och inte en allmän handling: raderas på begäran "
    "(dataskyddsförordningen artikel 17.1 a–b)."
)
SYSTEM_REASON = gettext_lazy(
    "Meddelanden som systemet skickat till personen: ingen allmän handling som behöver bevaras "
    "(de gallras också enligt organisationens gallringsregel för aviseringar). Raderas på "
    "begäran (dataskyddsförordningen artikel 17.1 a)."
)
DRAFT_REASON = gettext_lazy(
    "Utkast som inte lämnats in är inte allmänna handlingar (2 kap. 12 § tryckfrihetsförordningen) "
    "och raderas på begäran."
)


REASONS = {
    "archives_law": ARCHIVES_LAW_REASON,
    "internal": INTERNAL_REASON,
    "consent": CONSENT_REASON,
    "draft": DRAFT_REASON,
    "system": SYSTEM_REASON,
}
FOLLOWS_WITH_DRAFTS = gettext_lazy(
    "Bevakningar av personens egna utkast räknas här och raderas tillsammans med utkasten."
)


@dataclass(frozen=True)
class Erasable:
    model: str
    reason: str  # a key of REASONS
    rows: Callable[[Any], QuerySet[Any]]  # the person's rows that may be erased


def _of(model: str, **lookup: Any) -> Callable[[Any], QuerySet[Any]]:
    def rows(person: Any) -> QuerySet[Any]:
        return apps.get_model(model).objects.filter(
            **{key: (person if value is None else value) for key, value in lookup.items()}
        )

    return rows


ERASABLE = (
    Erasable(
        "ideas.Idea",
        "draft",
        lambda person: apps.get_model("ideas.Idea").objects.filter(initiator=person, state="draft"),
    ),
    Erasable(
        "notifications.Notification", "system", _of("notifications.Notification", recipient=None)
    ),
    Erasable(
        "notifications.NotificationPreference",
        "consent",
        _of("notifications.NotificationPreference", user=None),
    ),
    Erasable("ideas.Follow", "consent", _of("ideas.Follow", user=None)),
    Erasable("ideas.Support", "consent", _of("ideas.Support", user=None)),
)
SKIPPED = {"records.ErasureRequest"}  # the request itself is the record of how it was handled


def describe(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Plan or outcome rows for display: the model's name and the reason in today's language."""
    described = []
    for row in rows:
        try:
            name = str(apps.get_model(row["model"])._meta.verbose_name_plural)
        except LookupError:
            name = row["model"]
        reason = REASONS.get(row["reason"], "")
        note = ""
        if row["model"] == "ideas.Follow" and row.get("with_drafts"):
            note = str(FOLLOWS_WITH_DRAFTS)
        label = name[:1].upper() + name[1:]
        sentence = _("%(label)s: %(count)s. %(reason)s") % {
            "label": label,
            "count": row["count"],
            "reason": reason,
        }
        described.append(
            {
                **row,
                "label": label,
                "reason_text": str(reason),
                "note": note,
                "sentence": f"{sentence} {note}" if note else sentence,
            }
        )
    return described


def in_words(request: Any) -> str:
    """An erasure request's plan (or, once carried out, what was done) as the lines its page
    shows, in the active language: the person's data export gives it beside the stored plan
    (registered with vardag.accounts.personal_data.register_words)."""
    done = request.status == "done"
    shown = request.outcome if done else request.plan
    erase = [row["sentence"] for row in describe(shown.get("erase", []))]
    refuse = [row["sentence"] for row in describe(shown.get("refuse", []))]
    lines = [f"{_('Raderat') if done else _('Raderas')}:"]
    lines += erase or [_("Ingenting som får raderas.")]
    lines += [f"{_('Finns kvar')}:"]
    lines += refuse or [_("Ingenting annat är kopplat till personen.")]
    return "\n".join(lines)


def differs(reviewed: dict[str, Any], current: dict[str, Any]) -> bool:
    """Whether carrying out `current` would do something else than the reviewed plan: other
    rows to erase (compared by their ids when the reviewed plan has them) or other counts."""

    def key(plan: dict[str, Any]) -> dict[str, Any]:
        return {
            part: {row["model"]: row["count"] for row in plan.get(part, [])}
            for part in ("erase", "refuse")
        }

    if key(reviewed) != key(current):
        return True
    ids = {row["model"]: row.get("ids") for row in current.get("erase", [])}
    return any(
        row.get("ids") is not None and sorted(row["ids"]) != sorted(ids.get(row["model"]) or [])
        for row in reviewed.get("erase", [])
    )


def _linked(model: type[Model], person: Any) -> QuerySet[Any]:
    keys = register.user_keys(model)
    match = Q()
    for key in keys:
        match |= Q(**{key: person})
    return model._default_manager.filter(match).distinct()


def plan_for_person(person: Any) -> dict[str, list[dict[str, Any]]]:
    """{"erase": [...], "refuse": [...]}: per model a label, the count and the reason."""
    erase: list[dict[str, Any]] = []
    refuse = []
    erased_ids: dict[str, set[Any]] = {}
    for item in ERASABLE:
        model = apps.get_model(item.model)
        ids = set(item.rows(person).values_list("pk", flat=True))
        erased_ids[item.model] = ids
        if ids:
            erase.append(
                {"model": item.model, "count": len(ids), "reason": item.reason, "ids": sorted(ids)}
            )
    drafts = erased_ids.get("ideas.Idea", set())
    for row in erase:
        if row["model"] == "ideas.Follow" and drafts:
            follows = apps.get_model("ideas.Follow").objects.filter(pk__in=row["ids"])
            row["with_drafts"] = follows.filter(idea_id__in=drafts).count()
    for model in register.vardag_models():
        label = model._meta.label
        if label in SKIPPED or not register.user_keys(model):
            continue
        rows = _linked(model, person).exclude(pk__in=erased_ids.get(label, set()))
        count = rows.count()
        if not count:
            continue
        public = is_public_record(label)
        refuse.append(
            {
                "model": label,
                "count": count,
                "reason": "archives_law" if public else "internal",
            }
        )
    return {"erase": erase, "refuse": refuse}


def plan_for_contribution(contribution: Any) -> dict[str, list[dict[str, Any]]]:
    model = type(contribution)
    return {
        "erase": [
            {
                "model": model._meta.label,
                "count": 1,
                "reason": "consent",
                "ids": [contribution.pk],
            }
        ],
        "refuse": [],
    }


def erase_planned(plan: dict[str, Any]) -> tuple[dict[str, int], int]:
    """Erase exactly the rows of a plan (its ids), and scrub what other tables copied of them.

    The counts are the plan's: a follow of the person's own draft goes with the draft (a
    cascade) and is counted among the follows it was planned with. Returns the counts erased
    per model and how many rows elsewhere had their copy of the erased text replaced."""
    done, scrubbed = {}, 0
    for row in plan.get("erase", []):
        model = apps.get_model(row["model"])
        ids = row["ids"]
        scrubbed += scrub_copies(model, ids)
        model._default_manager.filter(pk__in=ids).delete()
        done[row["model"]] = len(ids)
    return done, scrubbed


def scrub_copies(model: type[Model], ids: list[Any]) -> int:
    """Replace what other tables keep of erased objects' text: the audit events about them keep
    their action, time and actor but their label becomes the kind and number ("Idé nr 23"), and
    notifications that point to an erased idea lose their subject and text. Returns how many
    rows were changed."""
    from django.db.models import F, Value
    from django.db.models.functions import Concat

    from vardag.core.models import AuditEvent

    if not ids:
        return 0
    with translation.override("sv"):  # stored labels are in Swedish, as the rest of the log
        kind = str(model._meta.verbose_name)
    kind = kind[:1].upper() + kind[1:]
    changed = AuditEvent.objects.filter(
        target_type=model._meta.label_lower, target_id__in=[str(pk) for pk in ids]
    ).update(target_label=Concat(Value(f"{kind} nr "), F("target_id")))
    if model._meta.label == "ideas.Idea":
        notifications = apps.get_model("notifications.Notification")
        found: list[Any] = list(model._default_manager.filter(pk__in=ids))
        for idea in found:
            about = Q(url__startswith=f"/ideer/{idea.pk}/")
            if len(idea.title.strip()) >= 4:
                about |= Q(subject__contains=idea.title) | Q(body__contains=idea.title)
            found_ids = list(
                notifications.objects.filter(
                    about, organisation_id=idea.organisation_id
                ).values_list("pk", flat=True)
            )
            label = f"{kind} nr {idea.pk}"
            changed += notifications.objects.filter(pk__in=found_ids).update(subject=label, body="")
            changed += AuditEvent.objects.filter(
                target_type=notifications._meta.label_lower,
                target_id__in=[str(pk) for pk in found_ids],
            ).update(target_label=label)
    return changed
