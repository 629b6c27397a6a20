"""Input forms of the surveys app (Swedish messages through gettext)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from vardag.core.models import Unit
from vardag.surveys.models import Audience, Item, Questionnaire, Round


class QuestionnaireForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    description = forms.CharField(label=_("Beskrivning"), required=False, widget=forms.Textarea)
    kind = forms.ChoiceField(label=_("Typ"), choices=Questionnaire.Kind.choices)


class SectionForm(forms.Form):
    title_sv = forms.CharField(label=_("Rubrik (svenska)"), max_length=200)
    title_en = forms.CharField(label=_("Rubrik (engelska)"), max_length=200, required=False)
    condition_item_code = forms.ChoiceField(
        label=_("Visa avsnittet bara om frågan"),
        required=False,
        help_text=_("Frågan måste ligga i ett tidigare avsnitt. Lämna tomt för att alltid visa."),
    )
    condition_value = forms.CharField(
        label=_("har svaret (värde)"),
        required=False,
        max_length=50,
        help_text=_("Ja = 1, nej = 0; för skalor och val: värdet, t.ex. 4."),
    )

    def __init__(self, *args: Any, items: list[Item] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [(i.code, f"{i.code} – {i.text_sv[:60]}") for i in items or []]
        self.fields["condition_item_code"].choices = [("", "—"), *options]  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(section: Any) -> dict[str, Any]:
        item = section.condition_item
        return {
            "title_sv": section.title_sv,
            "title_en": section.title_en,
            "condition_item_code": item.code if item else "",
            "condition_value": section.condition_value,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("condition_item_code") and not data.get("condition_value"):
            self.add_error("condition_value", _("Ange vilket svar som visar avsnittet."))
        if data.get("condition_value") and not data.get("condition_item_code"):
            self.add_error("condition_item_code", _("Välj frågan som villkoret gäller."))
        return data


class ItemForm(forms.Form):
    section_order = forms.TypedChoiceField(label=_("Avsnitt"), coerce=int)
    code = forms.SlugField(
        label=_("Variabelnamn"),
        max_length=40,
        help_text=_("Kort namn utan mellanslag, används i exporter (t.ex. kultur3)."),
    )
    kind = forms.ChoiceField(label=_("Svarstyp"), choices=Item.Kind.choices)
    text_sv = forms.CharField(label=_("Fråga (svenska)"), widget=forms.Textarea)
    text_en = forms.CharField(label=_("Fråga (engelska)"), required=False, widget=forms.Textarea)
    manager_text_sv = forms.CharField(
        label=_("Fråga till chefer (svenska)"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Parallell formulering för chefer; lämna tomt om alla får samma fråga."),
    )
    manager_text_en = forms.CharField(
        label=_("Fråga till chefer (engelska)"), required=False, widget=forms.Textarea
    )
    dimension_code = forms.ChoiceField(label=_("Dimension"), required=False)
    choices_text = forms.CharField(
        label=_("Svarsalternativ"),
        required=False,
        widget=forms.Textarea,
        help_text=_(
            "Ett per rad: värde;svenska;engelska, med heltal som värde, t.ex. "
            "1;Varje vecka;Every week (för ett eller flera val)."
        ),
    )
    is_reversed = forms.BooleanField(
        label=_("Omvänd skala"),
        required=False,
        help_text=_("Högt svar betyder sämre förutsättningar; vänds innan dimensionen räknas."),
    )
    is_required = forms.BooleanField(label=_("Obligatorisk"), required=False)

    def __init__(self, *args: Any, sections: list, dimensions: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section_order"].choices = [(s.order, s.title_sv) for s in sections]  # type: ignore[attr-defined]
        self.fields["dimension_code"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (d.code, d.name_sv) for d in dimensions
        ]

    @staticmethod
    def initial_for(item: Item) -> dict[str, Any]:
        fields = ("code", "kind", "text_sv", "text_en", "manager_text_sv", "manager_text_en")
        return {
            **{name: getattr(item, name) for name in fields},
            "section_order": item.section.order,
            "dimension_code": item.dimension.code if item.dimension else "",
            "choices_text": "\n".join(";".join(str(p) for p in c) for c in item.choices),
            "is_reversed": item.is_reversed,
            "is_required": item.is_required,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choices = []
        for line in (data.get("choices_text") or "").splitlines():
            parts = [p.strip() for p in line.split(";")]
            if parts and parts[0]:
                choices.append(
                    [
                        parts[0],
                        parts[1] if len(parts) > 1 else parts[0],
                        parts[2] if len(parts) > 2 else "",
                    ]
                )
        if data.get("kind") in (Item.Kind.SINGLE, Item.Kind.MULTIPLE) and len(choices) < 2:
            self.add_error("choices_text", _("Ange minst två svarsalternativ."))
        data["choices"] = choices
        return data

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("choices_text", None)
        return data


class DimensionForm(forms.Form):
    code = forms.SlugField(
        label=_("Kod"),
        max_length=40,
        help_text=_("Kort namn utan mellanslag; omgångar jämförs med det och det ändras inte."),
    )
    name_sv = forms.CharField(label=_("Namn (svenska)"), max_length=200)
    name_en = forms.CharField(label=_("Namn (engelska)"), max_length=200, required=False)
    description_sv = forms.CharField(
        label=_("Beskrivning (svenska)"), required=False, widget=forms.Textarea
    )
    description_en = forms.CharField(
        label=_("Beskrivning (engelska)"), required=False, widget=forms.Textarea
    )


class DimensionEditForm(DimensionForm):
    code = None  # type: ignore[assignment]

    @staticmethod
    def initial_for(dimension: Any) -> dict[str, Any]:
        names = ("name_sv", "name_en", "description_sv", "description_en")
        return {name: getattr(dimension, name) for name in names}


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Upp")), ("down", _("Ned"))])


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    target_units = forms.ModelMultipleChoiceField(
        label=_("Enheter som tillfrågas"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alla medarbetare och chefer i enheterna och enheterna under dem."),
    )
    previous = forms.ModelChoiceField(
        label=_("Jämför med omgång"), queryset=Round.objects.none(), required=False
    )
    closes_on = forms.DateField(
        label=_("Sista svarsdag"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    is_open_link = forms.BooleanField(label=_("Öppen länk (t.ex. användarenkät)"), required=False)

    def __init__(self, *args: Any, units: Any, rounds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_units"].queryset = units  # type: ignore[attr-defined]
        self.fields["previous"].queryset = rounds  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("target_units") and not data.get("is_open_link"):
            raise forms.ValidationError(_("Välj enheter eller en öppen länk."))
        return data


class LinksForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=Unit.objects.none())
    audience = forms.ChoiceField(
        label=_("Grupp"),
        choices=[(Audience.EMPLOYEE, _("Medarbetare")), (Audience.MANAGER, _("Chef"))],
    )
    count = forms.IntegerField(label=_("Antal länkar"), min_value=1, max_value=500)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil (CSV eller XLSX)"),
        help_text=_(
            "En rad per svarande och en rubrikrad. I nästa steg kopplar du kolumnerna till "
            "frågorna, respondent-id, enhet och roll."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Filen är för stor."))
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Välj en CSV- eller XLSX-fil."))
        return upload


class MappingForm(forms.Form):
    """One choice per column of an uploaded answer file: a question, an id, unit, role or none."""

    def __init__(
        self,
        *args: Any,
        headers: list[str],
        mapping: list[str],
        items: list[Item],
        samples: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: list[Any] = [
            ("", _("Används inte")),
            ("respondent", _("Respondent-id")),
            ("unit", _("Enhet")),
            ("audience", _("Roll (chef eller medarbetare)")),
            (
                _("Frågor"),
                [(f"item:{i.code}", f"{i.code} – {i.text_sv[:70]}") for i in items],
            ),
        ]
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header or _("Kolumn %(n)s") % {"n": index + 1},
                choices=choices,
                required=False,
                initial=mapping[index] if index < len(mapping) else "",
                help_text=(
                    _("T.ex. %(values)s") % {"values": samples[index]}
                    if index < len(samples) and samples[index]
                    else ""
                ),
            )
        self.column_count = len(headers)

    def mapping(self) -> list[str]:
        return [self.cleaned_data.get(f"column_{i}", "") for i in range(self.column_count)]
