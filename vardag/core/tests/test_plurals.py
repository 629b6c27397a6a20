"""Every Vardag model with a name has a proper English plural: a Swedish word that is the same
in singular and plural ("beslut", "uppdrag") gets its plural through a "plural" context, and
no plural is made by tacking an s onto a consonant and y ("entrys")."""

from __future__ import annotations

import re

from django.apps import apps
from django.utils import translation

SAME_IN_ENGLISH = {"meeting series", "feedback"}


def test_english_plurals_differ_from_the_singular():
    wrong = []
    with translation.override("en"):
        for model in apps.get_models():
            if not model.__module__.startswith("vardag."):
                continue
            meta = model._meta
            singular, plural = str(meta.verbose_name), str(meta.verbose_name_plural)
            if re.search(r"[^aeiou]ys$", plural) or (
                plural == singular and singular not in SAME_IN_ENGLISH
            ):
                wrong.append(f"{meta.label}: {singular} / {plural}")
    assert not wrong


def test_swedish_plurals_stay_swedish():
    with translation.override("sv"):
        assert str(apps.get_model("ideas", "Decision")._meta.verbose_name_plural) == "beslut"
    with translation.override("en"):
        assert str(apps.get_model("ideas", "Decision")._meta.verbose_name_plural) == "decisions"
        assert str(apps.get_model("pilots", "Partner")._meta.verbose_name_plural) == "partners"
