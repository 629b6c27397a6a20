"""Each decision type once in every stored mandate (Mandate.save() keeps it so from now on)."""

from django.db import migrations


def once(apps, schema_editor):
    Mandate = apps.get_model("forums", "Mandate")
    for mandate in Mandate.objects.only("pk", "decision_types").iterator():
        unique = list(dict.fromkeys(mandate.decision_types or []))
        if unique != mandate.decision_types:
            Mandate.objects.filter(pk=mandate.pk).update(decision_types=unique)


class Migration(migrations.Migration):
    dependencies = [("forums", "0001_initial")]

    operations = [migrations.RunPython(once, migrations.RunPython.noop)]
