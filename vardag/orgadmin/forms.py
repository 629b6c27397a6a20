from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vardag.core.models import Organisation, Unit
from vardag.core.roles import Role
from vardag.orgadmin.importing import FIELDS
from vardag.orgadmin.models import HrImport


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PolicyForm(forms.ModelForm):
    process_model: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Processmodell för nya idéer"), queryset=None, required=False
    )

    class Meta:
        model = Organisation
        fields = [
            "default_language",
            "feedback_deadline_days",
            "suppression_threshold",
        ]
        help_texts = {
            "feedback_deadline_days": _("Inom så många dagar får förslagsställaren återkoppling."),
            "suppression_threshold": _(
                "Grupper med färre personer visas aldrig i sammanställningar (minst 2)."
            ),
        }

    def __init__(self, *args: Any, process_models: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["process_model"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = process_models
        field.initial = next((m for m in process_models if m.is_default), None)
        threshold = self.fields["suppression_threshold"]
        assert isinstance(threshold, forms.IntegerField)
        threshold.min_value = 2
        threshold.validators.append(MinValueValidator(2))
        self.fields["suppression_threshold"].widget.attrs["min"] = 2


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    kind = forms.ChoiceField(label=_("Typ"), choices=Unit.Kind.choices)
    code = forms.CharField(
        label=_("Kod i HR-systemet"), max_length=64, required=False, help_text=_("Frivillig")
    )
    parent = forms.ModelChoiceField(
        label=_("Överordnad enhet"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["parent"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units
        field.empty_label = _("– ingen (högst upp) –")


class CloseUnitForm(forms.Form):
    closed_at = forms.DateField(label=_("Avvecklas den"), widget=DateInput())


class PersonForm(forms.Form):
    first_name = forms.CharField(label=_("Förnamn"), max_length=150)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150)
    email = forms.EmailField(label=_("E-post"), required=False)
    title = forms.CharField(label=_("Befattning"), max_length=200, required=False)


class PersonCreateForm(PersonForm):
    username = forms.CharField(label=_("Användarnamn"), max_length=150)
    external_id = forms.CharField(
        label=_("Anställningsnummer"), max_length=64, required=False, help_text=_("Frivillig")
    )


class PersonEditForm(PersonForm):
    is_active = forms.BooleanField(label=_("Kontot är aktivt"), required=False)


class MembershipForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices)
    starts_on = forms.DateField(label=_("Från"), widget=DateInput())
    ends_on = forms.DateField(label=_("Till"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Slutdatum kan inte vara före startdatum."))
        return data


class MembershipDatesForm(forms.Form):
    starts_on = forms.DateField(label=_("Från"), widget=DateInput())
    ends_on = forms.DateField(label=_("Till"), widget=DateInput(), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Slutdatum kan inte vara före startdatum."))
        return data


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    purpose = forms.CharField(label=_("Syfte"), widget=forms.Textarea(attrs={"rows": 4}))
    partners = forms.ModelMultipleChoiceField(
        label=_("Andra organisationer"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Förvaltningar i den egna organisationen"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("För samverkan mellan förvaltningar i samma kommun."),
    )
    valid_from = forms.DateField(label=_("Gäller från"), widget=DateInput())
    valid_until = forms.DateField(label=_("Gäller till"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, partners: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("partners", partners), ("units", units)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = queryset


class GroupMappingForm(forms.Form):
    group = forms.CharField(
        label=_("Grupp"),
        max_length=255,
        help_text=_("Gruppens id (Entra ID: objekt-id) eller namn, som det står i gruppanspråket."),
    )
    unit = forms.ModelChoiceField(label=_("Enhet"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fil från HR-systemet"),
        help_text=_("CSV (semikolon eller komma, UTF-8 eller Windows-1252) eller XLSX."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Välj en CSV- eller XLSX-fil."))
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Filen är för stor."))
        return upload


class MappingForm(forms.Form):
    """One select per field: which column of the file holds it."""

    def __init__(self, *args: Any, headers: list[str], mapping: dict, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("– saknas –"))] + [
            (str(i), header or _("Kolumn %(n)s") % {"n": i + 1}) for i, header in enumerate(headers)
        ]
        for field in FIELDS:
            initial = mapping.get(field.key)
            self.fields[field.key] = forms.TypedChoiceField(
                label=field.label,
                choices=choices,
                required=field.is_required,
                coerce=int,
                empty_value=None,
                initial="" if initial is None else str(initial),
            )

    def mapping(self) -> dict[str, int | None]:
        return {field.key: self.cleaned_data.get(field.key) for field in FIELDS}


def _closes_label(text: Any, closes: dict[str, Any]) -> str:
    counts = closes.get("counts", {})
    units, people = counts.get("unit_closes", 0), counts.get("person_closes", 0)
    memberships = counts.get("membership_closes", 0)
    return str(text) % {
        "counts": ", ".join(
            [
                ngettext("%(n)s enhet", "%(n)s enheter", units) % {"n": units},
                ngettext("%(n)s person", "%(n)s personer", people) % {"n": people},
                ngettext("%(n)s uppdrag", "%(n)s uppdrag", memberships) % {"n": memberships},
            ]
        )
    }


class ImportApplyForm(forms.Form):
    """What the file speaks for; asked only when the answer changes what is closed."""

    scope = forms.ChoiceField(
        label=_("Vad gäller filen?"), widget=forms.RadioSelect, required=False, choices=()
    )

    def __init__(self, *args: Any, hr_import: HrImport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["scope"]
        assert isinstance(field, forms.ChoiceField)
        scopes = hr_import.scopes
        field.required = hr_import.needs_scope
        field.error_messages["required"] = _(
            "Välj vad filen gäller: hela organisationen (det som saknas i filen "
            "avslutas) eller bara enheterna i filen (ingenting annat avslutas)."
        )
        field.choices = [
            (
                HrImport.Scope.ORGANISATION,
                _closes_label(
                    _("Hela organisationen: det som saknas i filen avslutas (%(counts)s)"),
                    scopes.get(HrImport.Scope.ORGANISATION, {}),
                ),
            ),
            (
                HrImport.Scope.FILE,
                _closes_label(
                    _(
                        "Bara enheterna i filen: ingenting utanför filens enheter och deras "
                        "underenheter avslutas (%(counts)s avslutas)"
                    ),
                    scopes.get(HrImport.Scope.FILE, {}),
                ),
            ),
        ]
