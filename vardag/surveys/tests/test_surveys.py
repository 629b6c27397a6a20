"""Services, answering, analysis bridge, exports and import of the surveys app."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pingouin
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vardag.core.testing import assert_constant_queries
from vardag.surveys import analysis, exports, importers, services
from vardag.surveys.models import Answer, Audience, Invitation, Item, Response
from vardag.surveys.tests.factories import add_answers, conditions_round

pytestmark = pytest.mark.django_db


def _open_round(world):
    round_ = conditions_round(world)
    links = services.round_open(actor=world.innovation_lead, round_=round_)
    return round_, links


def test_round_open_invites_members_below_targets_and_stores_no_token(world):
    round_, links = _open_round(world)
    invited = set(Invitation.objects.filter(round=round_).values_list("user__username", flat=True))
    assert {"employee", "manager", "principal", "head", "innovation_lead"} <= invited
    assert "politician" not in invited and "foreign" not in invited
    assert not Invitation.objects.filter(token_hash=links[0].token).exists()
    manager = Invitation.objects.get(round=round_, user=world.manager)
    assert manager.audience == Audience.MANAGER


def test_answering_page_by_page_redacts_and_link_cannot_answer_twice(world, client):
    round_, links = _open_round(world)
    token = links[0].token
    url = reverse("surveys:answer", args=[token])
    assert client.get(url).status_code == 200
    page = client.post(url, {"page": "1", "step": "next", "str1": "4", "str2": "9"})
    assert "Ogiltigt svar" in page.content.decode()  # 9 is outside the 1–5 scale
    client.post(url, {"page": "1", "step": "save", "str1": "4", "str4": "2"})
    response = Response.objects.get(round=round_)
    assert response.submitted_on is None and response.draft_key
    assert round_.version.__class__.objects.get(pk=round_.version_id).is_frozen
    last = "9"
    answer = client.post(
        url,
        {"page": last, "step": "submit", "open_better": "Ring Anna på 19121212-1212, tack"},
    )
    assert answer.status_code == 302
    text = Answer.objects.get(item__code="open_better").text
    assert "19121212-1212" not in text and "Anna" not in text
    response.refresh_from_db()
    assert response.draft_key is None and response.submitted_on
    again = client.get(url)
    assert "redan använts" in again.content.decode()
    assert Response.objects.filter(round=round_).count() == 1


def test_frozen_version_makes_a_new_version_on_change(world):
    round_, links = _open_round(world)
    q = round_.version.questionnaire
    items = list(Item.objects.filter(version=round_.version, code="str1"))
    services.response_save_page(
        token=links[0].token, items=items, data={"str1": "3"}, language="sv", page=0
    )
    item = services.item_add(
        actor=world.innovation_lead,
        questionnaire=q,
        section_order=1,
        code="str6",
        kind=Item.Kind.YES_NO,
        text_sv="Ny fråga",
    )
    assert item.version.number == 2
    assert item.version.items.count() == round_.version.items.count() + 1
    assert not Item.objects.filter(version=round_.version, code="str6").exists()


def test_bridge_matches_pingouin_to_six_decimals(world):
    round_ = conditions_round(world)
    add_answers(round_, world.units["unit"], Audience.EMPLOYEE, 60, seed=3)
    add_answers(round_, world.units["unit"], Audience.MANAGER, 20, seed=4, shift=0.5)
    results = analysis.round_results(round_)
    frame = analysis.load_frame(round_)
    culture = next(d for d in results.dimensions if d.spec.code == "culture")
    data = frame[list(culture.spec.items)].copy()
    for code in culture.spec.reversed_items:
        data[code] = 6 - data[code]
    expected, _ci = pingouin.cronbach_alpha(data.dropna(how="all"))
    assert culture.alpha.alpha == pytest.approx(expected, abs=1e-6)
    scores = analysis.scores(frame, [culture.spec])["culture"]
    managers = scores[frame["audience"] == "manager"].dropna()
    employees = scores[frame["audience"] == "employee"].dropna()
    ttest = pingouin.ttest(managers, employees, correction=True)
    gap = next(g for g in results.gap if g.spec.code == "culture").comparison
    assert gap.t == pytest.approx(float(ttest["T"].iloc[0]), abs=1e-6)
    assert gap.p_value == pytest.approx(float(ttest["p_val"].iloc[0]), abs=1e-6)
    assert gap.effect.hedges_g == pytest.approx(
        pingouin.compute_effsize(managers, employees, eftype="hedges"), abs=1e-6
    )


def test_small_unit_and_its_complement_are_hidden(world):
    round_ = conditions_round(world)
    add_answers(round_, world.units["unit"], Audience.EMPLOYEE, 20)
    add_answers(round_, world.units["school"], Audience.EMPLOYEE, 7, seed=5)
    add_answers(round_, world.units["administration"], Audience.EMPLOYEE, 2, seed=6)
    results = analysis.round_results(round_, heat_unit_ids={u.pk for u in world.units.values()})
    rows = {row.unit.name: row for row in results.heat}
    assert rows["Socialförvaltningen"].n is None  # primary
    # Complementary: else 2 = total − 20 − 7. Socialförvaltningen's own page shows its subtree
    # (2 + 20), so hiding Mottagningsenheten protects both sums; the school can stay visible.
    assert rows["Mottagningsenheten"].n is None
    assert rows["Ekbackagymnasiet"].n == 7
    department = analysis.round_results(
        round_, unit_ids={world.units["administration"].pk, world.units["unit"].pk}
    )
    assert department.n == 22
    small = analysis.round_results(round_, unit_ids={world.units["administration"].pk})
    assert small.is_suppressed and not small.dimensions


def test_sav_export_has_variable_and_value_labels(world, tmp_path):
    import pyreadstat

    round_ = conditions_round(world)
    add_answers(round_, world.units["unit"], Audience.EMPLOYEE, 12)
    path = tmp_path / "r.sav"
    path.write_bytes(exports.to_sav(round_))
    frame, meta = pyreadstat.read_sav(str(path))
    assert len(frame) == 12
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert labels["str1"].startswith("Jag vet vart jag ska vända mig")
    assert meta.variable_value_labels["str1"][5.0] == "Stämmer helt"


def test_csv_export_is_swedish_excel_and_escapes_formulas(world):
    round_ = conditions_round(world)
    add_answers(round_, world.units["unit"], Audience.EMPLOYEE, 6)
    world.units["unit"].name = "=HYPERLINK(1)"
    world.units["unit"].save()
    data = exports.to_csv(round_)
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("respondent;unit;audience;str1")
    assert "'=HYPERLINK(1)" in text


def _csv(rows: list[str]) -> bytes:
    return ("respondent;unit;audience;str1;str2\n" + "\n".join(rows)).encode("utf-8")


def test_import_reports_every_bad_row_and_saves_nothing(world):
    round_ = conditions_round(world)
    unit = world.units["unit"].name
    data = _csv([f"a1;{unit};medarbetare;4;5", f"a2;{unit};chef;8;2", f"a1;{unit};chef;3;3"])
    report = importers.import_answers(
        actor=world.innovation_lead, round_=round_, data=data, filename="x.csv"
    )
    assert [row for row, _ in report.errors] == [3, 4]
    assert "utanför skalan" in report.errors[0][1]
    assert "finns redan" in report.errors[1][1]
    assert not Response.objects.filter(round=round_).exists()


def test_import_detects_windows_1252_and_mojibake(world):
    round_ = conditions_round(world)
    unit = world.units["administration"].name  # Socialförvaltningen
    data = _csv([f"a1;{unit};medarbetare;4;5"]).decode().encode("cp1252")
    report = importers.import_answers(
        actor=world.innovation_lead, round_=round_, data=data, filename="x.csv"
    )
    assert report.is_ok and report.encoding == "Windows-1252" and report.imported == 1
    broken = _csv([f"b1;{unit};medarbetare;4;5", "b2;MottagningsenhetenÃ¤;medarbetare;4;5"])
    report = importers.import_answers(
        actor=world.innovation_lead, round_=round_, data=broken, filename="y.csv"
    )
    assert [row for row, _ in report.errors] == [3, 3]
    assert Response.objects.filter(round=round_).count() == 1


def test_import_xlsx(world):
    from openpyxl import Workbook

    round_ = conditions_round(world)
    book = Workbook()
    sheet = book.active
    sheet.append(["respondent", "unit", "audience", "str1", "extra"])
    sheet.append(["x1", world.units["unit"].name, "employee", 3, "z"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = importers.import_answers(
        actor=world.innovation_lead, round_=round_, data=buffer.getvalue(), filename="x.xlsx"
    )
    assert report.is_ok and report.ignored_columns == ["extra"]
    assert Answer.objects.get(item__code="str1").value == 3


def test_results_page_and_change_since_last_round(world, client_for):
    earlier = conditions_round(world, title="Hösten")
    add_answers(earlier, world.units["unit"], Audience.EMPLOYEE, 15, seed=7, shift=-0.5)
    current = conditions_round(world, title="Våren", previous=earlier)
    add_answers(current, world.units["unit"], Audience.EMPLOYEE, 15, seed=8, shift=0.5)
    add_answers(current, world.units["unit"], Audience.MANAGER, 5, seed=9)
    client = client_for("manager")
    url = reverse("surveys:results_unit", args=[current.pk, world.units["unit"].pk])
    page = client.get(url).content.decode()
    assert "Förändring sedan förra omgången" in page
    assert "Chefer och medarbetare" in page and "Cronbachs alfa" in page
    assert client_for("employee").get(url).status_code == 403
    other = reverse("surveys:results_unit", args=[current.pk, world.units["school"].pk])
    assert client.get(other).status_code == 403


def test_home_lists_rounds_with_constant_queries(world, client_for):
    client = client_for("innovation_lead")
    q = services.instrument_install(actor=world.innovation_lead, organisation=world.org)
    version = q.versions.get()

    def grow(n: int) -> None:
        from vardag.surveys.models import Round

        while Round.objects.count() < n:
            services.round_create(
                actor=world.innovation_lead, version=version, title="R", target_units=[]
            )

    assert_constant_queries(lambda: client.get(reverse("surveys:home")), grow)


def test_reminders_go_to_those_who_have_not_answered(world):
    from vardag.notifications.models import Notification

    round_, links = _open_round(world)
    services.response_submit(token=links[0].token)
    count = services.round_remind(actor=world.innovation_lead, round_=round_)
    assert count == len(links) - 1
    assert Notification.objects.filter(kind="survey.reminder").count() == len(links) - 1


def test_scores_handle_missing_as_documented():
    spec = analysis.DimensionSpec("d", "D", "D", ("a", "b", "c", "d"), ("d",), 5)
    frame = pd.DataFrame(
        {"a": [5, 1, np.nan], "b": [4, np.nan, np.nan], "c": [np.nan] * 3, "d": [1, 5, 2]}
    )
    scores = analysis.scores(frame, [spec])["d"]
    assert scores.iloc[0] == pytest.approx((5 + 4 + 5) / 3)
    assert scores.iloc[1] == pytest.approx(1)
    assert np.isnan(scores.iloc[2])  # one of four answered: under half


def test_pdf_report_and_xlsx_export(world, client_for):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    round_ = conditions_round(world)
    add_answers(round_, world.units["unit"], Audience.EMPLOYEE, 12)
    client = client_for("innovation_lead")
    pdf = client.get(reverse("surveys:export", args=[round_.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Kultur" in text and "Cronbachs alfa" in text
    xlsx = client.get(reverse("surveys:export", args=[round_.pk, "xlsx"]))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == [
        "Resultat",
        "Enheter",
        "Chefer och medarbetare",
        "Jämförelse av enheter",
        "Svar",
    ]
    assert book["Svar"].max_row == 13
    assert client.get(reverse("surveys:export", args=[round_.pk, "doc"])).status_code == 404
    assert (
        client_for("manager").get(reverse("surveys:export", args=[round_.pk, "csv"])).status_code
        == 403
    )


def test_open_link_and_section_condition(world, client):
    q = services.questionnaire_create(
        actor=world.innovation_lead, organisation=world.org, title="Elevenkät", kind="user_survey"
    )
    services.section_add(actor=world.innovation_lead, questionnaire=q, title_sv="Start")
    services.item_add(
        actor=world.innovation_lead,
        questionnaire=q,
        section_order=1,
        code="used",
        kind=Item.Kind.YES_NO,
        text_sv="Har du använt tjänsten?",
        is_required=True,
    )
    services.section_add(
        actor=world.innovation_lead,
        questionnaire=q,
        title_sv="Om tjänsten",
        condition_item_code="used",
        condition_value="1",
    )
    services.item_add(
        actor=world.innovation_lead,
        questionnaire=q,
        section_order=2,
        code="good",
        kind=Item.Kind.SINGLE,
        text_sv="Hur var den?",
        choices=[["1", "Bra", "Good"], ["2", "Dålig", "Bad"]],
    )
    round_ = services.round_create(
        actor=world.innovation_lead,
        version=q.versions.get(),
        title="Elever",
        target_units=[],
        is_open_link=True,
    )
    services.round_open(actor=world.innovation_lead, round_=round_)
    start = client.post(reverse("surveys:answer_open", args=[round_.open_token]))
    url = start["Location"]
    missing = client.post(url, {"page": "1", "step": "submit"})
    assert "obligatoriska" in missing.content.decode()
    done = client.post(url, {"page": "1", "step": "submit", "used": "0"})
    assert done.status_code == 302  # the second section is skipped: "used" is not 1
    response = Response.objects.get(round=round_)
    assert response.submitted_on and response.audience == Audience.OTHER
    assert client.get(url).status_code == 404  # the draft key is gone after submitting


def test_result_dimension_url_is_stable_and_opens_for_the_unit_manager(world, client_for):
    from vardag.surveys.selectors import result_dimension_url

    round_ = conditions_round(world)
    add_answers(round_, world.units["unit"], Audience.EMPLOYEE, 8)
    url = result_dimension_url(round_.pk, "time", world.units["unit"].pk)
    assert (
        url
        == f"/enkater/omgang/{round_.pk}/resultat/dimension/time/?enhet={world.units['unit'].pk}"
    )
    page = client_for("manager").get(url).content.decode()
    assert "Tid och resurser" in page and "Alfa utan frågan" in page
    missing = result_dimension_url(round_.pk, "nonexistent", world.units["unit"].pk)
    assert client_for("manager").get(missing).status_code == 404


def test_a_refused_round_action_is_a_message_on_the_round_page(world, client_for):
    """Refusals are ValidationErrors like every other service's (one path to the page)."""
    round_, _links = _open_round(world)
    with pytest.raises(ValidationError):
        services.round_open(actor=world.innovation_lead, round_=round_)
    client = client_for("innovation_lead")
    response = client.post(reverse("surveys:round_open", args=[round_.pk]), follow=True)
    assert response.status_code == 200
    assert "Omgången är redan startad." in response.content.decode()


@pytest.mark.parametrize("persona", ["employee", "manager", "innovation_lead", "admin"])
def test_the_round_list_links_a_round_only_for_those_it_opens_for(world, client_for, persona):
    """Offered means allowed: the demo walk found employees offered the round page, which answered
    403. Every round link on /enkater/ opens, and a round that is not linked does not."""
    round_ = conditions_round(world)
    client = client_for(persona)
    page = client.get(reverse("surveys:home")).content.decode()
    url = reverse("surveys:round", args=[round_.pk])
    assert round_.title in page
    opened = client.get(url).status_code
    assert (f'href="{url}"' in page) == (opened == 200), (persona, opened)
