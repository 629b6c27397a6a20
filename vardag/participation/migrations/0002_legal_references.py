"""Seed the national catalogue of legal references (organisation = None; orgs add their own)."""

from django.db import migrations

REFERENCES = [
    ("SoL", "Socialtjänstlagen", "SFS 2025:400", "https://www.riksdagen.se/sv/dokument-och-lagar/"),
    ("Skollagen", "Skollagen", "SFS 2010:800", "https://www.riksdagen.se/sv/dokument-och-lagar/"),
    ("OSL", "Offentlighets- och sekretesslagen", "SFS 2009:400", ""),
    ("KL", "Kommunallagen", "SFS 2017:725", ""),
    ("LVU", "Lag med särskilda bestämmelser om vård av unga", "SFS 1990:52", ""),
    ("Barnkonventionen", "FN:s konvention om barnets rättigheter", "SFS 2018:1197", ""),
    ("GDPR", "Dataskyddsförordningen", "(EU) 2016/679", ""),
    ("FL", "Förvaltningslagen", "SFS 2017:900", ""),
]


def seed(apps, schema_editor):
    LegalReference = apps.get_model("participation", "LegalReference")
    for code, title, citation, url in REFERENCES:
        LegalReference.objects.get_or_create(
            organisation=None, code=code, defaults={"title": title, "citation": citation, "url": url}
        )


def unseed(apps, schema_editor):
    LegalReference = apps.get_model("participation", "LegalReference")
    LegalReference.objects.filter(organisation=None, code__in=[r[0] for r in REFERENCES]).delete()


class Migration(migrations.Migration):
    dependencies = [("participation", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
