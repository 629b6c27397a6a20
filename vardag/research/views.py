"""Pages of the research app: thin views over selectors and services."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vardag.accounts.http import AuthedRequest
from vardag.core import privacy, tables
from vardag.core.access import require
from vardag.core.tables import download
from vardag.research import filters, forms, importers, refi, rendering, selectors, services
from vardag.research.bounds import LimitExceeded

SIGNING_SALT = "vardag.research.import"


def kind_labels() -> dict[str, str]:
    return {
        privacy.Kind.PERSONNUMMER: _("Personnummer"),
        privacy.Kind.SAMORDNINGSNUMMER: _("Samordningsnummer"),
        privacy.Kind.EMAIL: _("E-postadress"),
        privacy.Kind.PHONE: _("Telefonnummer"),
        privacy.Kind.NAME: _("Namn"),
    }


def _refi_message(exc: refi.RefiError) -> str:
    if exc.reason == "missing_file":
        return _("Projektfilen saknar källfilen %(detail)s. Inget har importerats.") % {
            "detail": exc.detail
        }
    if exc.reason == "not_zip":
        return _("Filen är inte en REFI-QDA-fil (zip). Inget har importerats.")
    if exc.reason == "unknown_code":
        return _("En kodning pekar på en kod som saknas. Inget har importerats.")
    if exc.reason == "limit":
        return _refi_limit_message(exc)
    if exc.reason == "bad_text":
        return _(
            "Texten i källan %(detail)s är inte UTF-8 eller har en okänd teckenkodning. "
            "Inget har importerats."
        ) % {"detail": exc.detail}
    if exc.reason == "invalid_xml" and exc.detail == "DTD":
        return _(
            "Filen innehåller otillåtna XML-deklarationer (DTD eller entiteter). "
            "Inget har importerats."
        )
    return _("Filen följer inte REFI-QDA-standarden (%(detail)s). Inget har importerats.") % {
        "detail": exc.detail or exc.reason
    }


def _refi_limit_message(exc: refi.RefiError) -> str:
    n = f"{exc.limit:,}".replace(",", "\u00a0")
    messages = {
        "max_codes": _("Filen har fler än %(n)s koder. Inget har importerats."),
        "max_sources": _("Projektet har fler än %(n)s källor. Inget har importerats."),
        "max_codings": _("Projektet har fler än %(n)s kodningar. Inget har importerats."),
    }
    if exc.detail in messages:
        return messages[exc.detail] % {"n": n}
    problem = importers.limit_message(LimitExceeded(exc.detail, exc.limit))
    return _("%(problem)s Inget har importerats.") % {"problem": problem}


# ---- studies -------------------------------------------------------------------------------


@login_required
def study_list(request: AuthedRequest) -> HttpResponse:
    studies = selectors.study_list(request.user).order_by("-created_at", "-id")
    context = {"studies": studies, "can_create": selectors.can_create_study(request.user)}
    return TemplateResponse(request, "research/study_list.html", context)


@login_required
def study_create(request: AuthedRequest) -> HttpResponse:
    require(selectors.can_create_study(request.user))
    form = forms.StudyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        study = services.study_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Studien är skapad."))
        return redirect("research:study", study.pk)
    return TemplateResponse(request, "research/form.html", {"form": form, "title": _("Ny studie")})


@login_required
def study_edit(request: AuthedRequest, study_id: int) -> HttpResponse:
    study = selectors.access_study(request.user, study_id)
    selectors.require_manager(study)
    form = forms.StudyForm(request.POST or None, instance=study)
    if request.method == "POST" and form.is_valid():
        services.study_update(actor=request.user, study=study, **form.cleaned_data)
        messages.success(request, _("Studien är sparad."))
        return redirect("research:study", study.pk)
    context = {"form": form, "title": _("Redigera studien"), "study": study}
    return TemplateResponse(request, "research/form.html", context)


@login_required
def study_detail(request: AuthedRequest, study_id: int) -> HttpResponse:
    study = selectors.access_study(request.user, study_id)
    context = {
        "study": study,
        "members": study.members.select_related("user"),
        "activities": study.activities.prefetch_related("participants__unit", "notes"),
        "sources": selectors.source_page(study, request.GET.get("sida")),
        "themes": selectors.theme_list(study),
        "member_form": forms.MemberForm(study=study),
        "can_manage": selectors.can_manage(study),
        "can_code": selectors.can_code(study),
        "is_owner": selectors.is_owner(study),
    }
    return TemplateResponse(request, "research/study_detail.html", context)


@require_POST
@login_required
def member_add(request: AuthedRequest, study_id: int) -> HttpResponse:
    study = selectors.access_study(request.user, study_id)
    selectors.require_manager(study)
    form = forms.MemberForm(request.POST, study=study)
    if form.is_valid():
        services.member_set(actor=request.user, study=study, **form.cleaned_data)
        messages.success(request, _("Teamet är uppdaterat."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("research:study", study.pk)


@require_POST
@login_required
def member_remove(request: AuthedRequest, study_id: int, member_id: int) -> HttpResponse:
    study = selectors.access_study(request.user, study_id)
    services.member_remove(actor=request.user, study=study, member_id=member_id)
    messages.success(request, _("Personen är borttagen ur teamet."))
    return redirect("research:study", study.pk)


@login_required
def pseudonym_key(request: AuthedRequest, study_id: int) -> HttpResponse:
    study = selectors.access_study(request.user, study_id)
    require(selectors.is_owner(study))
    key = services.study_key(study)
    labels = kind_labels()
    entries = [
        (e.pseudonym, labels[e.kind], e.original)
        for e in sorted(key.entries, key=lambda e: (e.kind.value, e.pseudonym))
    ]
    return TemplateResponse(request, "research/key.html", {"study": study, "entries": entries})


# ---- activities and sticky notes -----------------------------------------------------------


@login_required
def activity_create(request: AuthedRequest, study_id: int) -> HttpResponse:
    study = selectors.access_study(request.user, study_id)
    selectors.require_manager(study)
    form = forms.ActivityForm(request.POST or None, study=study)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in forms.ActivityForm.Meta.fields}
        activity = services.activity_create(
            actor=request.user, study=study, participants=form.participants(), **fields
        )
        messages.success(request, _("Aktiviteten är sparad."))
        return redirect("research:activity", activity.pk)
    context = {"form": form, "title": _("Ny aktivitet"), "study": study}
    return TemplateResponse(request, "research/form.html", context)


@login_required
def activity_detail(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = selectors.access_activity(request.user, activity_id)
    notes = list(activity.notes.all())
    clusters: dict[str, list[Any]] = {}
    for note in notes:
        clusters.setdefault(note.cluster or _("Utan kluster"), []).append(note)
    context = {
        "activity": activity,
        "study": activity.study_obj,  # type: ignore[attr-defined]
        "participants": activity.participants.select_related("unit"),
        "clusters": clusters,
        "notes_form": forms.StickyNotesForm(),
        "cluster_form": forms.ClusterForm(),
        "can_code": selectors.can_code(activity.study_obj),  # type: ignore[attr-defined]
    }
    return TemplateResponse(request, "research/activity_detail.html", context)


@require_POST
@login_required
def notes_add(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = selectors.access_activity(request.user, activity_id)
    form = forms.StickyNotesForm(request.POST)
    if form.is_valid():
        n = services.sticky_notes_add(actor=request.user, activity=activity, **form.cleaned_data)
        messages.success(request, _("%(n)s lappar sparade.") % {"n": n})
    else:
        messages.error(request, _("Skriv minst en lapp."))
    return redirect("research:activity", activity.pk)


@require_POST
@login_required
def notes_cluster(request: AuthedRequest, activity_id: int) -> HttpResponse:
    activity = selectors.access_activity(request.user, activity_id)
    form = forms.ClusterForm(request.POST)
    ids = [int(v) for v in request.POST.getlist("note") if v.isdigit()]
    if form.is_valid() and ids:
        services.sticky_note_cluster(
            actor=request.user,
            activity=activity,
            note_ids=ids,
            cluster=form.cleaned_data["cluster"],
        )
        messages.success(request, _("Lapparna är flyttade."))
    else:
        messages.error(request, _("Markera lappar och ange ett kluster."))
    return redirect("research:activity", activity.pk)


# ---- sources: upload → review pseudonyms → store -------------------------------------------


def _attributes(form: forms.SourceAttributesForm) -> dict[str, Any]:
    d = form.cleaned_data
    return {
        "title": d["title"],
        "kind": d["kind"],
        "activity": d["activity"].pk if d["activity"] else "",
        "speaker_role": d["speaker_role"],
        "unit": d["unit"].pk if d["unit"] else "",
        "recorded_on": d["recorded_on"].isoformat() if d["recorded_on"] else "",
        "names": d["names"],
    }


def _review(request: AuthedRequest, study: Any, payload: dict[str, Any]) -> TemplateResponse:
    names = forms.parse_names(payload["attributes"]["names"])
    suggestions = services.suggestions_for(study, payload["text"], names)
    labels = kind_labels()
    context = {
        "study": study,
        "payload": signing.dumps(payload, salt=SIGNING_SALT, compress=True),
        "suggestions": [(i, s, labels[s.kind]) for i, s in enumerate(suggestions)],
        "preview": payload["text"][:3000],
        "names": payload["attributes"]["names"],
        "attributes": payload["attributes"],
        "left_out": payload.get("left_out", []),
    }
    return TemplateResponse(request, "research/source_review.html", context)


@login_required
def source_add(request: AuthedRequest, study_id: int) -> HttpResponse:
    study = selectors.access_study(request.user, study_id)
    selectors.require_coder(study)
    form = forms.SourceUploadForm(request.POST or None, request.FILES or None, study=study)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            if upload:
                extracted = importers.extract(upload.name, upload.read())
            else:
                extracted = importers.Extracted(importers.normalise(form.cleaned_data["pasted"]))
        except importers.ImportProblem as exc:
            form.add_error("file", str(exc))
        else:
            payload = {
                "text": extracted.text,
                "cues": [dataclasses.asdict(c) for c in extracted.cues],
                "file_name": upload.name if upload else "",
                "left_out": list(extracted.left_out),
                "attributes": _attributes(form),
            }
            return _review(request, study, payload)
    context = {"form": form, "title": _("Lägg till källa"), "study": study, "multipart": True}
    return TemplateResponse(request, "research/form.html", context)


def _accepted(request: AuthedRequest, suggestions: tuple[privacy.Suggestion, ...]) -> list[Any]:
    chosen = []
    for i, s in enumerate(suggestions):
        if not s.is_mandatory and request.POST.get(f"accept-{i}") != "on":
            continue
        pseudonym = request.POST.get(f"pseudonym-{i}", "").strip()[:80] or s.pseudonym
        chosen.append(privacy.Suggestion(**{**_as_dict(s), "pseudonym": pseudonym}))
    return chosen


def _as_dict(s: privacy.Suggestion) -> dict[str, Any]:
    return {name: getattr(s, name) for name in s.__slots__}  # type: ignore[attr-defined]


@require_POST
@login_required
def source_review(request: AuthedRequest, study_id: int) -> HttpResponse:
    study = selectors.access_study(request.user, study_id)
    selectors.require_coder(study)
    try:
        payload = signing.loads(request.POST.get("payload", ""), salt=SIGNING_SALT, max_age=86400)
    except signing.BadSignature:
        messages.error(request, _("Granskningen har gått ut eller är ogiltig. Läs in filen igen."))
        return redirect("research:source_add", study.pk)
    names_now = request.POST.get("names", payload["attributes"]["names"])[:5000]
    if forms.parse_names(names_now) != forms.parse_names(payload["attributes"]["names"]):
        # Names added on this page are searched for before anything is saved, never ignored.
        payload["attributes"]["names"] = names_now
        if request.POST.get("action") != "again":
            messages.warning(
                request,
                _("Namnlistan har ändrats. Granska de nya förslagen och spara sedan."),
            )
        return _review(request, study, payload)
    if request.POST.get("action") == "again":
        return _review(request, study, payload)
    attributes = forms.SourceAttributesForm(payload["attributes"], study=study)
    if not attributes.is_valid():
        messages.error(request, _("Källans uppgifter är inte giltiga. Börja om."))
        return redirect("research:source_add", study.pk)
    names = attributes.name_list()
    suggestions = services.suggestions_for(study, payload["text"], names)
    d = attributes.cleaned_data
    draft = services.ImportDraft(
        title=d["title"],
        text=payload["text"],
        accepted=tuple(_accepted(request, suggestions)),
        cues=tuple(importers.Cue(**c) for c in payload["cues"]),
        file_name=payload["file_name"],
        kind=d["kind"],
        activity=d["activity"],
        speaker_role=d["speaker_role"],
        unit=d["unit"],
        recorded_on=d["recorded_on"],
    )
    try:
        source = services.source_import(actor=request.user, study=study, draft=draft)
    except ValueError:
        messages.error(request, _("Pseudonymerna gick inte att tillämpa. Granska förslagen igen."))
        return _review(request, study, payload)
    messages.success(
        request, _("Källan är sparad med %(n)s ersättningar.") % {"n": source.replaced_count}
    )
    return redirect("research:source", source.pk)


@login_required
def source_detail(request: AuthedRequest, source_id: int) -> HttpResponse:
    source = selectors.access_source(request.user, source_id)
    study = source.study_obj  # type: ignore[attr-defined]
    excerpts = list(selectors.visible_excerpts(request.user, study).filter(source=source))
    for excerpt in excerpts:
        excerpt.source = source
    form = forms.CodingForm(request.POST or None, source=source)
    if request.method == "POST" and form.is_valid():
        start, end = form.cleaned_data["span"]
        services.excerpt_create(
            actor=request.user,
            source=source,
            codes=form.cleaned_data["codes"],
            start=start,
            end=end,
        )
        messages.success(request, _("Kodningen är sparad."))
        return redirect("research:source", source.pk)
    context = {
        "source": source,
        "study": study,
        "paragraphs": rendering.paragraphs(source.text, excerpts),
        "excerpts": excerpts,
        "form": form,
        "memos": selectors.memos_for(study, source=source),
        "memo_form": forms.MemoForm(),
        "can_code": selectors.can_code(study),
        "can_manage": selectors.can_manage(study),
        "codes": selectors.code_tree(study),
    }
    return TemplateResponse(request, "research/source_detail.html", context)


@login_required
def source_edit(request: AuthedRequest, source_id: int) -> HttpResponse:
    source = selectors.access_source(request.user, source_id)
    study = source.study_obj  # type: ignore[attr-defined]
    selectors.require_manager(study)
    form = forms.SourceEditForm(request.POST or None, instance=source, study=study)
    if request.method == "POST" and form.is_valid():
        services.source_update(actor=request.user, source=source, **form.cleaned_data)
        messages.success(request, _("Källan är sparad."))
        return redirect("research:source", source.pk)
    context = {"form": form, "title": _("Ändra källans uppgifter"), "study": study}
    return TemplateResponse(request, "research/form.html", context)


@require_POST
@login_required
def source_delete(request: AuthedRequest, source_id: int) -> HttpResponse:
    source = selectors.access_source(request.user, source_id)
    study_id = source.study_id
    services.source_delete(actor=request.user, source=source)
    messages.success(request, _("Källan och dess kodning är borttagna."))
    return redirect("research:study", study_id)


@require_POST
@login_required
def excerpt_delete(request: AuthedRequest, excerpt_id: int) -> HttpResponse:
    excerpt = selectors.access_excerpt(request.user, excerpt_id)
    source_id = excerpt.source_id
    services.excerpt_delete(actor=request.user, excerpt=excerpt)
    messages.success(request, _("Kodningen är borttagen."))
    return redirect("research:source", source_id)


@require_POST
@login_required
def memo_add(request: AuthedRequest, study_id: int) -> HttpResponse:
    study = selectors.access_study(request.user, study_id)
    form = forms.MemoForm(request.POST)
    target: dict[str, Any] = {}
    back = redirect("research:study", study.pk)
    for name, loader, url in (
        ("source", selectors.access_source, "research:source"),
        ("excerpt", selectors.access_excerpt, "research:source"),
        ("code", selectors.access_code, "research:code"),
    ):
        value = request.POST.get(name, "")
        if value.isdigit():
            target[name] = loader(request.user, int(value))
            back = redirect(url, target[name].source_id if name == "excerpt" else int(value))
    if form.is_valid():
        services.memo_create(
            actor=request.user, study=study, text=form.cleaned_data["text"], **target
        )
        messages.success(request, _("Memot är sparat."))
    else:
        messages.error(request, _("Skriv något i memot."))
    return back


# ---- codebook ------------------------------------------------------------------------------


@login_required
def codebook(request: AuthedRequest, study_id: int) -> HttpResponse:
    study = selectors.access_study(request.user, study_id)
    counts = selectors.excerpt_counts(request.user, study)
    form = forms.CodeForm(request.POST or None, study=study)
    if request.method == "POST":
        selectors.require_manager(study)
        if form.is_valid():
            services.code_create(actor=request.user, study=study, **form.cleaned_data)
            messages.success(request, _("Koden är skapad."))
            return redirect("research:codebook", study.pk)
    context = {
        "study": study,
        "nodes": selectors.code_tree(study, counts),
        "form": form,
        "starter_form": forms.StarterForm(),
        "file_form": forms.FileForm(),
        "can_manage": selectors.can_manage(study),
    }
    return TemplateResponse(request, "research/codebook.html", context)


@login_required
def code_css(request: AuthedRequest, study_id: int) -> HttpResponse:
    study = selectors.access_study(request.user, study_id)
    css = rendering.code_css(list(study.codes.values_list("pk", "colour")))
    return HttpResponse(css, content_type="text/css; charset=utf-8")


@require_POST
@login_required
def codebook_starter(request: AuthedRequest, study_id: int) -> HttpResponse:
    study = selectors.access_study(request.user, study_id)
    form = forms.StarterForm(request.POST)
    if form.is_valid():
        n = services.codebook_add_starter(actor=request.user, study=study, **form.cleaned_data)
        messages.success(request, _("%(n)s koder lades till.") % {"n": n})
    return redirect("research:codebook", study.pk)


@require_POST
@login_required
def codebook_import(request: AuthedRequest, study_id: int) -> HttpResponse:
    study = selectors.access_study(request.user, study_id)
    selectors.require_manager(study)
    form = forms.FileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("research:codebook", study.pk)
    try:
        codebook = refi.read_codebook(form.cleaned_data["file"].read())
    except refi.RefiError as exc:
        messages.error(request, _refi_message(exc))
    else:
        n, sets = services.codebook_import(actor=request.user, study=study, codebook=codebook)
        messages.success(request, _("%(n)s koder importerades.") % {"n": n})
        if sets:
            messages.success(
                request,
                ngettext(
                    "%(n)s grupp av koder (Set) blev ett tema.",
                    "%(n)s grupper av koder (Sets) blev teman.",
                    sets,
                )
                % {"n": sets},
            )
        for refi_set in codebook.sets:
            if refi_set.other_members:
                messages.warning(request, _set_members_message(refi_set))
    return redirect("research:codebook", study.pk)


@login_required
def codebook_export(request: AuthedRequest, study_id: int) -> HttpResponse:
    study = selectors.access_study(request.user, study_id)
    project = services.study_as_refi(study)
    name = f"{slugify(study.title) or 'kodbok'}.qdc"
    return download(refi.codebook_xml(project.codes, project.sets), name, "application/xml")


@login_required
def code_detail(request: AuthedRequest, code_id: int) -> HttpResponse:
    code = selectors.access_code(request.user, code_id)
    study = code.study_obj  # type: ignore[attr-defined]
    shown = filters.ExcerptFilterSet(request.GET or None, actor=request.user, study=study)
    excerpts = selectors.code_excerpts(shown.qs, code)
    context = {
        "code": code,
        "study": study,
        "excerpts": [(e, selectors.with_context(e)) for e in excerpts],
        "filter_form": shown.form,
        "edit_form": forms.CodeForm(instance=code, study=study),
        "merge_form": forms.MergeForm(code=code),
        "memos": selectors.memos_for(study, code=code),
        "memo_form": forms.MemoForm(),
        "can_manage": selectors.can_manage(study),
        "can_code": selectors.can_code(study),
    }
    return TemplateResponse(request, "research/code_detail.html", context)


@require_POST
@login_required
def code_edit(request: AuthedRequest, code_id: int) -> HttpResponse:
    code = selectors.access_code(request.user, code_id)
    form = forms.CodeForm(request.POST, instance=code, study=code.study_obj)  # type: ignore[attr-defined]
    if form.is_valid():
        services.code_update(actor=request.user, code=code, **form.cleaned_data)
        messages.success(request, _("Koden är sparad."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("research:code", code.pk)


@require_POST
@login_required
def code_merge(request: AuthedRequest, code_id: int) -> HttpResponse:
    code = selectors.access_code(request.user, code_id)
    form = forms.MergeForm(request.POST, code=code)
    if not form.is_valid():
        messages.error(request, _("Välj en kod att slå ihop med."))
        return redirect("research:code", code.pk)
    into = form.cleaned_data["into"]
    services.code_merge(actor=request.user, source=code, into=into)
    messages.success(request, _("Koderna är sammanslagna."))
    return redirect("research:code", into.pk)


@require_POST
@login_required
def code_delete(request: AuthedRequest, code_id: int) -> HttpResponse:
    code = selectors.access_code(request.user, code_id)
    study_id = code.study_id
    services.code_delete(actor=request.user, code=code)
    messages.success(request, _("Koden är borttagen."))
    return redirect("research:codebook", study_id)


# ---- analysis ------------------------------------------------------------------------------


@login_required
def analysis(request: AuthedRequest, study_id: int) -> HttpResponse:
    study = selectors.access_study(request.user, study_id)
    attribute = request.GET.get("attribut", "speaker_role")
    if attribute not in selectors.ATTRIBUTES:
        attribute = "speaker_role"
    context = {
        "study": study,
        "attribute": attribute,
        "attributes": [
            ("speaker_role", _("Talarens roll")),
            ("unit", _("Enhet")),
            ("activity_kind", _("Aktivitet")),
        ],
        "matrix": selectors.code_matrix(request.user, study, attribute),
        "pairs": selectors.co_occurrence(request.user, study)[:50],
        "threshold": study.organisation.suppression_threshold,
    }
    return TemplateResponse(request, "research/analysis.html", context)


@login_required
def agreement(request: AuthedRequest, study_id: int) -> HttpResponse:
    study = selectors.access_study(request.user, study_id)
    require(selectors.is_owner(study) or not study.is_blind)
    coders = selectors.coders_of(study)
    form = forms.AgreementForm(request.GET or None, coders=coders)
    rows = None
    if form.is_valid():
        rows = selectors.code_agreements(
            study, form.cleaned_data["coder_a"].pk, form.cleaned_data["coder_b"].pk
        )
    context = {"study": study, "form": form, "rows": rows, "coders": coders}
    return TemplateResponse(request, "research/agreement.html", context)


# ---- themes --------------------------------------------------------------------------------


@login_required
def theme_create(request: AuthedRequest, study_id: int) -> HttpResponse:
    study = selectors.access_study(request.user, study_id)
    selectors.require_manager(study)
    form = forms.ThemeForm(request.POST or None, study=study)
    if request.method == "POST" and form.is_valid():
        theme = services.theme_save(actor=request.user, study=study, **form.cleaned_data)
        messages.success(request, _("Temat är sparat."))
        return redirect("research:theme", theme.pk)
    context = {"form": form, "title": _("Nytt tema"), "study": study}
    return TemplateResponse(request, "research/form.html", context)


@login_required
def theme_detail(request: AuthedRequest, theme_id: int) -> HttpResponse:
    theme = selectors.access_theme(request.user, theme_id)
    study = theme.study_obj  # type: ignore[attr-defined]
    form = forms.ThemeForm(request.POST or None, instance=theme, study=study)
    if request.method == "POST":
        selectors.require_manager(study)
        if form.is_valid():
            services.theme_save(actor=request.user, study=study, theme=theme, **form.cleaned_data)
            messages.success(request, _("Temat är sparat."))
            return redirect("research:theme", theme.pk)
    context = {
        "theme": theme,
        "study": study,
        "form": form,
        "evidence": selectors.theme_evidence(request.user, theme),
        "insight_form": forms.InsightForm(
            study=study, actor=request.user, initial={"statement": theme.description or theme.name}
        ),
        "can_manage": selectors.can_manage(study),
    }
    return TemplateResponse(request, "research/theme_detail.html", context)


@require_POST
@login_required
def theme_insight(request: AuthedRequest, theme_id: int) -> HttpResponse:
    theme = selectors.access_theme(request.user, theme_id)
    study = theme.study_obj  # type: ignore[attr-defined]
    selectors.require_manager(study)
    form = forms.InsightForm(request.POST, study=study, actor=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("research:theme", theme.pk)
    d = form.cleaned_data
    services.theme_to_insight(
        actor=request.user,
        theme=theme,
        statement=d["statement"],
        evidence=d["evidence"],
        perspective=d["perspective"],
        idea_id=d["idea"],
    )
    messages.success(request, _("Temat är nu en insikt med sina utdrag som källor."))
    return redirect("research:theme", theme.pk)


# ---- exchange ------------------------------------------------------------------------------


@login_required
def project_export(request: AuthedRequest, study_id: int) -> HttpResponse:
    study = selectors.access_study(request.user, study_id)
    selectors.require_manager(study)
    data = refi.project_qdpx(services.study_as_refi(study))
    return download(data, f"{slugify(study.title) or 'studie'}.qdpx", "application/zip")


def _set_members_message(refi_set: refi.RefiSet) -> str:
    return _(
        "Gruppen %(name)s blev ett tema med sina koder; dess %(n)s källor och anteckningar "
        "kan ett tema inte hålla och kom inte med i temat."
    ) % {"name": refi_set.name, "n": refi_set.other_members}


def _left_out_message(left_out: refi.RefiLeftOut) -> str:
    if left_out.reason == "not_supported":
        labels = {
            "Cases": _("fall (Cases)"),
            "Variables": _("variabler (Variables)"),
            "Links": _("länkar (Links)"),
            "Graphs": _("grafer (Graphs)"),
        }
        return _("Projektets %(n)s %(what)s importerades inte: Vardag har ingen motsvarighet.") % {
            "n": left_out.count,
            "what": labels.get(left_out.kind, left_out.kind),
        }
    if left_out.reason == "codings":
        return _(
            "Texten i %(name)s importerades, men inte %(n)s kodningar av områden i PDF:en "
            "eller av tider i inspelningen. Koda texten i Vardag."
        ) % {"name": left_out.name, "n": left_out.count}
    return _(
        "%(name)s importerades inte: källan har ingen text (till exempel en bild, eller en "
        "PDF eller inspelning utan textversion eller utskrift). Lägg in texten som ett dokument."
    ) % {"name": left_out.name}


@login_required
def project_import(request: AuthedRequest) -> HttpResponse:
    require(selectors.can_create_study(request.user))
    form = forms.FileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = refi.read_project(form.cleaned_data["file"].read())
        except refi.RefiError as exc:
            form.add_error("file", _refi_message(exc))
        else:
            study = services.project_import(actor=request.user, project=project)
            messages.success(request, _("Projektet är importerat som en ny studie."))
            for left_out in project.left_out:
                messages.warning(request, _left_out_message(left_out))
            for refi_set in project.sets:
                if refi_set.other_members:
                    messages.warning(request, _set_members_message(refi_set))
            return redirect("research:study", study.pk)
    context = {"form": form, "title": _("Importera REFI-QDA-projekt (.qdpx)"), "multipart": True}
    return TemplateResponse(request, "research/form.html", context)


def _excerpt_rows(request: AuthedRequest, study: Any) -> list[list[str]]:
    rows = []
    excerpts = selectors.visible_excerpts(request.user, study).order_by("source__title", "start")
    for e in selectors.with_texts(list(excerpts)):
        rows.append(
            [
                e.code.name,
                e.source.title,
                e.source.get_speaker_role_display(),
                str(e.start),
                str(e.end),
                e.source.text[e.start : e.end],
                e.coder.get_full_name() if e.coder else "",
            ]
        )
    return rows


@login_required
def excerpts_export(request: AuthedRequest, study_id: int, fmt: str) -> HttpResponse:
    study = selectors.access_study(request.user, study_id)
    header = [
        _("Kod"),
        _("Källa"),
        _("Talarens roll"),
        _("Från"),
        _("Till"),
        _("Text"),
        _("Kodare"),
    ]
    rows = [header, *_excerpt_rows(request, study)]
    name = slugify(study.title) or "studie"
    if fmt == "csv":
        return download(tables.csv_text(rows), f"{name}-utdrag.csv", tables.CSV_TYPE)
    if fmt != "xlsx":
        raise Http404
    data = tables.xlsx_bytes({_("Textutdrag"): rows})
    return download(data, f"{name}-utdrag.xlsx", tables.XLSX_TYPE)
