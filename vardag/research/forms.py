"""Forms of the research app (Swedish messages through gettext)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from vardag.accounts.models import User
from vardag.core.actors import Actor
from vardag.core.identity import exempt_fields
from vardag.core.models import Unit
from vardag.core.roles import Role
from vardag.research.models import Activity, Code, Source, Study, StudyMember, Theme
from vardag.research.starter import STARTER_CHOICES

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class StudyForm(forms.ModelForm):
    class Meta:
        model = Study
        fields = [
            "title",
            "questions",
            "approach",
            "funder",
            "partners",
            "starts_on",
            "ends_on",
            "coding_visibility",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "questions": forms.Textarea(attrs={"rows": 3}),
            "approach": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Slutdatum kan inte ligga före startdatum."))
        return data


class MemberForm(forms.Form):
    """A colleague to add to the team, by username or e-mail address.

    Not a list of everyone: an organisation of 10,000 people made the study page a 9,000-option
    list (440 KiB, seconds to render) for a form used a few times per study.
    """

    user = forms.CharField(
        label=_("Användarnamn eller e-postadress"),
        max_length=254,
        help_text=_("En aktiv person i din organisation."),
    )
    role = forms.ChoiceField(choices=StudyMember.Role.choices, label=_("Roll i studien"))

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.study = study

    def clean_user(self) -> User:
        value = self.cleaned_data["user"].strip()
        people = User.objects.filter(
            organisation_id=self.study.organisation_id, is_active=True
        ).exclude(pk=self.study.owner_id)
        found = people.filter(username__iexact=value).first() or (
            people.filter(email__iexact=value).order_by("pk").first() if "@" in value else None
        )
        if found is None:
            raise forms.ValidationError(
                _("Ingen aktiv person i organisationen har det användarnamnet eller den adressen.")
            )
        return found


class ActivityForm(forms.ModelForm):
    participant_role = forms.ChoiceField(
        choices=[("", "—"), *Role.choices], required=False, label=_("Deltagarnas roll")
    )
    participant_unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), required=False, label=_("Deltagarnas enhet")
    )
    participant_count = forms.IntegerField(
        min_value=1, max_value=1000, required=False, label=_("Antal deltagare")
    )

    class Meta:
        model = Activity
        fields = ["kind", "title", "held_on", "description", "meeting_id"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"meeting_id": _("Om aktiviteten hölls på ett möte i ett forum: mötets id.")}

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant_unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]  # form.fields is typed as Field
            organisation_id=study.organisation_id
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("participant_role")) != bool(data.get("participant_count")):
            self.add_error("participant_count", _("Ange både roll och antal deltagare."))
        return data

    def participants(self) -> list[tuple[str, Any, int]]:
        d = self.cleaned_data
        if not d.get("participant_role"):
            return []
        return [(d["participant_role"], d.get("participant_unit"), d["participant_count"])]


class SourceAttributesForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Rubrik"))
    kind = forms.ChoiceField(choices=Source.Kind.choices, label=_("Typ av källa"))
    activity = forms.ModelChoiceField(
        queryset=Activity.objects.none(), required=False, label=_("Aktivitet")
    )
    speaker_role = forms.ChoiceField(
        choices=[("", "—"), *Role.choices], required=False, label=_("Talarens roll")
    )
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False, label=_("Enhet"))
    recorded_on = forms.DateField(
        required=False, label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"})
    )
    names = forms.CharField(
        required=False,
        label=_("Namn att pseudonymisera"),
        help_text=_(
            "Ett namn per rad (eller åtskilda med kommatecken), t.ex. deltagare och personer "
            "som nämns, och telefonnummer som ska bort."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = study.activities.all()  # type: ignore[attr-defined]  # form.fields is typed as Field
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]  # form.fields is typed as Field
            organisation_id=study.organisation_id
        )
        # Research material is pseudonymised, not refused: the service replaces identity numbers.
        exempt_fields(self, *(n for n in ("title", "names", "pasted") if n in self.fields))

    def name_list(self) -> list[str]:
        return parse_names(self.cleaned_data.get("names", ""))


def parse_names(text: str) -> list[str]:
    """The names (and phone numbers) a researcher listed: one per line, or separated by
    commas or semicolons ("Anna Lind, Karin Berg" is two people)."""
    return [n.strip() for n in re.split(r"[\n\r,;]+", text or "") if n.strip()]


class SourceEditForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = ["title", "kind", "activity", "speaker_role", "unit", "recorded_on"]
        widgets = {"recorded_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        exempt_fields(self, "title")  # redacted by the service
        self.fields["activity"].queryset = study.activities.all()  # type: ignore[attr-defined]  # form.fields is typed as Field
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]  # form.fields is typed as Field
            organisation_id=study.organisation_id
        )


class SourceUploadForm(SourceAttributesForm):
    file = forms.FileField(
        required=False,
        label=_("Fil"),
        help_text=_("txt, docx, odt, pdf (med textlager), vtt eller srt."),
    )
    pasted = forms.CharField(
        required=False,
        label=_("Eller klistra in text"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    field_order = ["file", "pasted", "title", "kind", "activity", "speaker_role", "unit"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if not upload and not data.get("pasted", "").strip():
            raise forms.ValidationError(_("Välj en fil eller klistra in text."))
        if upload and upload.size > settings.MAX_UPLOAD_BYTES:
            self.add_error(
                "file",
                _("Filen är för stor (högst %(max)s).")
                % {"max": filesizeformat(settings.MAX_UPLOAD_BYTES)},
            )
        return data


class CodeForm(forms.ModelForm):
    class Meta:
        model = Code
        fields = ["name", "parent", "definition", "colour"]
        widgets = {
            "colour": forms.TextInput(attrs={"type": "color"}),
            "definition": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.study = study
        parents = study.codes.all()
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]  # form.fields is typed as Field

    def clean_colour(self) -> str:
        colour = self.cleaned_data["colour"]
        if not COLOUR.match(colour or ""):
            raise forms.ValidationError(_("Ange en färg som #rrggbb."))
        return colour.lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        clash = self.study.codes.filter(name=data.get("name"), parent=data.get("parent"))
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            self.add_error("name", _("Det finns redan en kod med det namnet på samma nivå."))
        return data


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(queryset=Code.objects.none(), label=_("Slå ihop med"))

    def __init__(self, *args: Any, code: Code, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Code.objects.filter(  # type: ignore[attr-defined]  # form.fields is typed as Field
            study_id=code.study_id
        ).exclude(pk=code.pk)


class StarterForm(forms.Form):
    starter = forms.ChoiceField(choices=STARTER_CHOICES, label=_("Startkodbok"))


class FileForm(forms.Form):
    file = forms.FileField(label=_("Fil"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Filen är för stor (högst %(max)s).")
                % {"max": filesizeformat(settings.MAX_UPLOAD_BYTES)}
            )
        return upload


class CodingForm(forms.Form):
    """Keyboard and no-JS coding: pick paragraphs, or exact character offsets."""

    codes = forms.ModelMultipleChoiceField(
        queryset=Code.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Koder")
    )
    first_paragraph = forms.IntegerField(min_value=1, required=False, label=_("Från stycke"))
    last_paragraph = forms.IntegerField(min_value=1, required=False, label=_("Till stycke"))
    start = forms.IntegerField(min_value=0, required=False, label=_("Från tecken"))
    end = forms.IntegerField(min_value=1, required=False, label=_("Till tecken"))

    def __init__(self, *args: Any, source: Source, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source = source
        self.fields["codes"].queryset = Code.objects.filter(  # type: ignore[attr-defined]  # form.fields is typed as Field
            study_id=source.study_id
        ).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        first, last = data.get("first_paragraph"), data.get("last_paragraph")
        if start is not None and end is not None:
            if not 0 <= start < end <= len(self.source.text):
                raise forms.ValidationError(_("Markeringen ligger utanför texten."))
            data["span"] = (start, end)
        elif first is not None:
            spans = paragraph_spans(self.source.text)
            last = last or first
            if not 1 <= first <= last <= len(spans):
                raise forms.ValidationError(
                    _("Välj stycken mellan 1 och %(n)s.") % {"n": len(spans)}
                )
            data["span"] = (spans[first - 1][0], spans[last - 1][1])
        else:
            raise forms.ValidationError(_("Markera text eller välj stycken att koda."))
        return data


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph (blocks separated by blank lines), whitespace trimmed."""
    spans = []
    for match in re.finditer(r"[^\n](?:.|\n(?!\s*\n))*", text):
        segment = match.group(0)
        lead = len(segment) - len(segment.lstrip())
        trail = len(segment.rstrip())
        if segment.strip():
            spans.append((match.start() + lead, match.start() + trail))
    return spans


class MemoForm(forms.Form):
    text = forms.CharField(
        label=_("Memo"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        exempt_fields(self, "text")  # redacted by the service


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "description", "codes", "condition_kind", "condition_level"]
        widgets = {
            "codes": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["codes"].queryset = study.codes.order_by("name")  # type: ignore[attr-defined]  # form.fields is typed as Field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("condition_kind")) != bool(data.get("condition_level")):
            self.add_error(
                "condition_level", _("Ange både typ av förutsättning och nivå, eller ingen av dem.")
            )
        return data


class StickyNotesForm(forms.Form):
    lines = forms.CharField(
        label=_("Lappar"),
        help_text=_("En lapp per rad."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
    )
    cluster = forms.CharField(max_length=100, required=False, label=_("Kluster"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        exempt_fields(self, "lines")  # workshop notes are redacted by the service


class ClusterForm(forms.Form):
    cluster = forms.CharField(max_length=100, label=_("Flytta markerade lappar till kluster"))


class AgreementForm(forms.Form):
    coder_a = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Kodare A"))
    coder_b = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Kodare B"))

    def __init__(self, *args: Any, coders: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [c.pk for c in coders]
        for name in ("coder_a", "coder_b"):
            self.fields[name].queryset = User.objects.filter(pk__in=ids)  # type: ignore[attr-defined]  # form.fields is typed as Field

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("coder_a") and data.get("coder_a") == data.get("coder_b"):
            raise forms.ValidationError(_("Välj två olika kodare."))
        return data


class InsightForm(forms.Form):
    """A theme becomes a participation insight, optionally on an idea."""

    statement = forms.CharField(
        label=_("Insikt"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    evidence = forms.ChoiceField(label=_("Evidensnivå"), choices=())
    perspective = forms.ChoiceField(label=_("Perspektiv"), choices=())
    idea = forms.TypedChoiceField(
        label=_("Koppla till idé"), required=False, coerce=int, empty_value=None, choices=()
    )

    def __init__(self, *args: Any, study: Study, actor: Actor, **kwargs: Any) -> None:
        from vardag.participation.models import EvidenceLevel, Perspective, SubjectType
        from vardag.participation.selectors import linkable_subjects

        super().__init__(*args, **kwargs)
        self.fields["evidence"].choices = EvidenceLevel.choices  # type: ignore[attr-defined]  # form.fields is typed as Field
        self.fields["evidence"].initial = EvidenceLevel.INDICATION
        self.fields["perspective"].choices = Perspective.choices  # type: ignore[attr-defined]  # form.fields is typed as Field
        self.fields["perspective"].initial = Perspective.PROFESSIONAL
        # The same rule as participation.subject_link: no other people's drafts.
        ideas = linkable_subjects(actor, SubjectType.IDEA).order_by("-id")[:300]
        self.fields["idea"].choices = [("", "—"), *((i.pk, str(i)) for i in ideas)]  # type: ignore[attr-defined]  # form.fields is typed as Field
