"""Access cases for every page and API route of the surveys app."""

from __future__ import annotations

from vardag.core.testing import Case
from vardag.surveys import builder, importers, services
from vardag.surveys.models import Audience
from vardag.surveys.tests.factories import add_answers, conditions_round


def _world(world):
    round_ = conditions_round(world, title="Omgång Ekbacka 2026")
    links = services.round_open(actor=world.innovation_lead, round_=round_)
    add_answers(round_, world.units["unit"], Audience.EMPLOYEE, 12)
    add_answers(round_, world.units["unit"], Audience.MANAGER, 6, seed=2)
    return round_, links


def url_cases(world) -> dict[str, Case]:
    round_, links = _world(world)
    q = round_.version.questionnaire_id
    r = {"round_id": round_.pk}
    lead = "innovation_lead"
    unit = world.units["unit"].pk
    stored = importers.answer_import_upload(
        actor=world.innovation_lead,
        round_=round_,
        file_name="svar.csv",
        content=b"respondent;unit;audience;str1\nr1;Ekbacka;medarbetare;4\n",
    )
    return {
        "surveys:home": Case(foreign="own", marker="Omgång Ekbacka 2026"),
        "surveys:questionnaire_create": Case(persona=lead, foreign="own"),
        "surveys:instrument_install": Case(
            persona=lead, method="post", foreign="own", is_page=False, expect=302
        ),
        "surveys:questionnaire": Case(kwargs={"questionnaire_id": q}),
        "surveys:section_add": Case(kwargs={"questionnaire_id": q}, persona=lead),
        "surveys:item_add": Case(kwargs={"questionnaire_id": q}, persona=lead),
        **_builder_cases(round_),
        "surveys:round_create": Case(kwargs={"questionnaire_id": q}, persona=lead),
        "surveys:round": Case(kwargs=r, persona=lead),
        "surveys:round_open": Case(
            kwargs=r, persona=lead, method="post", is_page=False, expect=302
        ),
        "surveys:round_remind": Case(
            kwargs=r, persona=lead, method="post", is_page=False, expect=302
        ),
        "surveys:round_close": Case(
            kwargs=r, persona=lead, method="post", is_page=False, expect=302
        ),
        "surveys:round_links": Case(kwargs=r, persona=lead),
        "surveys:round_import": Case(kwargs=r, persona=lead),
        "surveys:round_import_map": Case(kwargs={**r, "import_id": stored.pk}, persona=lead),
        "surveys:round_import_apply": Case(
            kwargs={**r, "import_id": stored.pk},
            persona=lead,
            method="post",
            is_page=False,
            expect=302,
        ),
        "surveys:results": Case(kwargs=r, persona=lead),
        "surveys:results_unit": Case(kwargs={**r, "unit_id": unit}, persona="manager"),
        "surveys:result_dimension": Case(
            kwargs={**r, "code": "culture"}, persona="manager", query=f"enhet={unit}"
        ),
        "surveys:export": Case(kwargs={**r, "fmt": "csv"}, persona=lead, is_page=False),
        "surveys:answer": Case(kwargs={"token": links[0].token}, public=True),
        "surveys:answer_open": Case(kwargs={"open_token": "nonexistent"}, public=True),
        "surveys:answer_done": Case(public=True),
    }


def _builder_cases(round_) -> dict[str, Case]:
    """Edit pages of the builder (the round has answers, so POSTs make version 2)."""
    version = round_.version
    section = version.sections.get(order=1)
    item = version.items.get(code="str1")
    dimension = version.dimensions.get(code="culture")
    q = {"questionnaire_id": version.questionnaire_id}
    s, i, d = (
        {**q, "section_id": section.pk},
        {**q, "item_id": item.pk},
        {**q, "dimension_id": dimension.pk},
    )
    lead = "innovation_lead"
    move = {"direction": "down"}
    return {
        "surveys:preview": Case(kwargs=q),
        "surveys:dimensions": Case(bystander="allowed", kwargs=q, persona=lead),
        "surveys:dimension_add": Case(kwargs=q, persona=lead),
        "surveys:dimension_edit": Case(kwargs=d, persona=lead),
        "surveys:dimension_delete": Case(kwargs=d, persona=lead),
        "surveys:section_edit": Case(kwargs=s, persona=lead),
        "surveys:section_delete": Case(kwargs=s, persona=lead),
        "surveys:section_move": Case(
            kwargs=s, persona=lead, method="post", data=move, is_page=False, expect=302
        ),
        "surveys:item_edit": Case(kwargs=i, persona=lead),
        "surveys:item_delete": Case(kwargs=i, persona=lead),
        "surveys:item_move": Case(
            kwargs=i, persona=lead, method="post", data=move, is_page=False, expect=302
        ),
    }


def api_cases(world) -> dict[str, Case]:
    round_, _links = _world(world)
    q = round_.version.questionnaire_id
    lead = "innovation_lead"
    return {
        "GET /api/v1/surveys/questionnaires": Case(foreign="own", marker="Förutsättningar"),
        "GET /api/v1/surveys/questionnaires/{questionnaire_id}": Case(
            kwargs={"questionnaire_id": q}
        ),
        "GET /api/v1/surveys/rounds": Case(foreign="own", marker="Omgång Ekbacka 2026"),
        "GET /api/v1/surveys/rounds/{round_id}/response-rates": Case(
            kwargs={"round_id": round_.pk}, persona=lead
        ),
        "GET /api/v1/surveys/rounds/{round_id}/results": Case(
            kwargs={"round_id": round_.pk}, persona=lead
        ),
        **_builder_api_cases(world, round_),
    }


def _builder_api_cases(world, round_) -> dict[str, Case]:
    """Builder writes; an unused dimension is added first (making version 2, the newest)."""
    q = round_.version.questionnaire
    spare = builder.dimension_add(
        actor=world.innovation_lead, questionnaire=q, code="spare", name_sv="Reserv"
    )
    version = spare.version
    base = "/api/v1/surveys/questionnaires/{questionnaire_id}"
    qk = {"questionnaire_id": q.pk}
    s = {**qk, "section_id": version.sections.get(order=1).pk}
    i = {**qk, "item_id": version.items.get(code="str1").pk}
    d = {**qk, "dimension_id": spare.pk}
    lead = "innovation_lead"
    item = {"section_order": 1, "code": "new1", "kind": "yes_no", "text_sv": "Ny fråga?"}
    dim = {"name_sv": "Reserv 2"}
    move = {"direction": "down"}
    return {
        "POST /api/v1/surveys/instrument": Case(persona=lead, foreign="own"),
        f"GET {base}/builder": Case(kwargs=qk),
        f"GET {base}/dimensions": Case(kwargs=qk),
        f"POST {base}/sections": Case(kwargs=qk, persona=lead, data={"title_sv": "Ny"}, expect=201),
        f"PUT {base}/sections/{{section_id}}": Case(
            kwargs=s, persona=lead, data={"title_sv": "Struktur"}
        ),
        f"DELETE {base}/sections/{{section_id}}": Case(kwargs=s, persona=lead),
        f"POST {base}/sections/{{section_id}}/move": Case(kwargs=s, persona=lead, data=move),
        f"POST {base}/items": Case(kwargs=qk, persona=lead, data=item, expect=201),
        f"PUT {base}/items/{{item_id}}": Case(kwargs=i, persona=lead, data=item),
        f"DELETE {base}/items/{{item_id}}": Case(kwargs=i, persona=lead),
        f"POST {base}/items/{{item_id}}/move": Case(kwargs=i, persona=lead, data=move),
        f"POST {base}/dimensions": Case(
            kwargs=qk, persona=lead, data=dim | {"code": "spare2"}, expect=201
        ),
        f"PUT {base}/dimensions/{{dimension_id}}": Case(kwargs=d, persona=lead, data=dim),
        f"DELETE {base}/dimensions/{{dimension_id}}": Case(kwargs=d, persona=lead),
    }
