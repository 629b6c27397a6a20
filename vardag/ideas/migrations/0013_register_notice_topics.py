"""Register notices sent before notifications had a topic: give the open ones their topic
("idea.register:<id>"), so that registering the idea handles them, and handle at once those
whose idea is no longer waiting for registration (the tryout's stale "Ny idé att registrera")."""

import re

from django.conf import settings
from django.db import migrations
from django.utils import timezone, translation
from django.utils.translation import gettext

REGISTER_KINDS = ("idea.submitted", "idea.unroutable")
IDEA_PAGE = re.compile(r"^/ideer/(\d+)/$")


def _language(user):
    supported = {code for code, _name in settings.LANGUAGES}
    for code in (user.language, user.organisation.default_language if user.organisation else ""):
        if code in supported:
            return code
    return settings.LANGUAGE_CODE


def _note(user, registered):
    with translation.override(_language(user)):
        if registered is None:
            return gettext("Idén väntar inte längre på registrering.")
        values = {"name": registered[0], "date": registered[1]}
        return gettext("Idén är redan registrerad av %(name)s (%(date)s).") % values


def forwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Idea = apps.get_model("ideas", "Idea")
    Decision = apps.get_model("ideas", "Decision")
    notices = Notification.objects.filter(
        kind__in=REGISTER_KINDS, topic="", handled_at__isnull=True
    ).select_related("recipient__organisation")
    by_idea = {}
    for notice in notices:
        found = IDEA_PAGE.match(notice.url)
        if found:
            by_idea.setdefault(int(found.group(1)), []).append(notice)
    states = dict(Idea.objects.filter(pk__in=by_idea).values_list("pk", "state"))
    registered = {}
    for d in Decision.objects.filter(idea_id__in=by_idea, decision_type="register").select_related(
        "decided_by"
    ):
        name = f"{d.decided_by.first_name} {d.decided_by.last_name}".strip()
        registered.setdefault(d.idea_id, (name or d.decided_by.username, d.decided_on))
    now = timezone.now()
    for idea_id, idea_notices in by_idea.items():
        waiting = states.get(idea_id) == "submitted"
        for notice in idea_notices:
            notice.topic = f"idea.register:{idea_id}"
            if not waiting:
                notice.handled_at = now
                notice.read_at = notice.read_at or now
                notice.handled_note = _note(notice.recipient, registered.get(idea_id))[:300]
            notice.save(update_fields=["topic", "handled_at", "read_at", "handled_note"])


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0012_stage_english"),
        ("notifications", "0004_notification_topic_handled"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
