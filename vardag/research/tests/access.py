from vardag.core.testing import Case
from vardag.research.tests.factories import make_study


def url_cases(world):
    w = make_study(world.researcher, coder=world.employee, title="Studie om tid")
    s = {"study_id": w.study.pk}
    r = "researcher"
    return {
        "research:studies": Case(bystander="own", persona=r, foreign="own", marker="Studie om tid"),
        "research:study_create": Case(persona=r, foreign="own"),
        "research:project_import": Case(persona=r, foreign="own"),
        "research:study": Case(kwargs=s, persona=r),
        "research:study_edit": Case(kwargs=s, persona=r),
        "research:member_add": Case(
            kwargs=s,
            persona=r,
            method="post",
            is_page=False,
            expect=302,
            data={"user": world.manager.username, "role": "reader"},
        ),
        "research:member_remove": Case(
            kwargs={**s, "member_id": w.member.pk},
            persona=r,
            method="post",
            is_page=False,
            expect=302,
        ),
        "research:key": Case(kwargs=s, persona=r),
        "research:activity_create": Case(kwargs=s, persona=r),
        "research:activity": Case(kwargs={"activity_id": w.activity.pk}, persona=r),
        "research:notes_add": Case(
            kwargs={"activity_id": w.activity.pk},
            persona=r,
            method="post",
            is_page=False,
            expect=302,
            data={"lines": "Ny lapp"},
        ),
        "research:notes_cluster": Case(
            kwargs={"activity_id": w.activity.pk},
            persona=r,
            method="post",
            is_page=False,
            expect=302,
            data={"cluster": "Kultur"},
        ),
        "research:source_add": Case(kwargs=s, persona=r),
        "research:source_review": Case(
            kwargs=s, persona=r, method="post", is_page=False, expect=302, data={"payload": "x"}
        ),
        "research:source": Case(kwargs={"source_id": w.source.pk}, persona=r),
        "research:source_edit": Case(kwargs={"source_id": w.source.pk}, persona=r),
        "research:source_delete": Case(
            kwargs={"source_id": w.source.pk}, persona=r, method="post", is_page=False, expect=302
        ),
        "research:excerpt_delete": Case(
            kwargs={"excerpt_id": w.excerpt.pk},
            persona=r,
            method="post",
            is_page=False,
            expect=302,
        ),
        "research:memo_add": Case(
            kwargs=s,
            persona=r,
            method="post",
            is_page=False,
            expect=302,
            data={"text": "Ett memo", "code": w.code.pk},
        ),
        "research:codebook": Case(kwargs=s, persona=r),
        "research:code_css": Case(kwargs=s, persona=r, is_page=False),
        "research:codebook_starter": Case(
            kwargs=s,
            persona=r,
            method="post",
            is_page=False,
            expect=302,
            data={"starter": "conditions"},
        ),
        "research:codebook_import": Case(
            kwargs=s, persona=r, method="post", is_page=False, expect=302
        ),
        "research:codebook_export": Case(kwargs=s, persona=r, is_page=False),
        "research:code": Case(kwargs={"code_id": w.code.pk}, persona=r),
        "research:code_edit": Case(
            kwargs={"code_id": w.code.pk},
            persona=r,
            method="post",
            is_page=False,
            expect=302,
            data={"name": "Tid för utveckling", "definition": "", "colour": "#123456"},
        ),
        "research:code_merge": Case(
            kwargs={"code_id": w.other_code.pk},
            persona=r,
            method="post",
            is_page=False,
            expect=302,
            data={"into": w.code.pk},
        ),
        "research:code_delete": Case(
            kwargs={"code_id": w.other_code.pk},
            persona=r,
            method="post",
            is_page=False,
            expect=302,
        ),
        "research:analysis": Case(kwargs=s, persona=r),
        "research:agreement": Case(kwargs=s, persona=r),
        "research:theme_create": Case(kwargs=s, persona=r),
        "research:theme": Case(kwargs={"theme_id": w.theme.pk}, persona=r),
        "research:theme_insight": Case(
            kwargs={"theme_id": w.theme.pk},
            persona=r,
            method="post",
            is_page=False,
            expect=302,
            data={
                "statement": "Tid saknas",
                "evidence": "indication",
                "perspective": "professional",
            },
        ),
        "research:project_export": Case(kwargs=s, persona=r, is_page=False),
        "research:excerpts_export": Case(kwargs={**s, "fmt": "csv"}, persona=r, is_page=False),
    }


def api_cases(world):
    w = make_study(world.researcher, coder=world.employee, title="Studie om tid")
    s = {"study_id": w.study.pk}
    r = "researcher"
    p = "/api/v1/research/studies"
    return {
        f"GET {p}": Case(persona=r, foreign="own", marker="Studie om tid", bystander="own"),
        f"GET {p}/{{study_id}}": Case(kwargs=s, persona=r),
        f"GET {p}/{{study_id}}/sources": Case(kwargs=s, persona=r),
        f"GET {p}/{{study_id}}/codes": Case(kwargs=s, persona=r),
        f"POST {p}/{{study_id}}/codes": Case(
            kwargs=s, persona=r, expect=201, data={"name": "Kultur", "colour": "#ad1457"}
        ),
        f"GET {p}/{{study_id}}/excerpts": Case(kwargs=s, persona=r),
        f"POST {p}/{{study_id}}/excerpts": Case(
            kwargs=s,
            persona=r,
            expect=201,
            data={"source_id": w.source.pk, "code_ids": [w.other_code.pk], "start": 0, "end": 11},
        ),
        f"GET {p}/{{study_id}}/themes": Case(kwargs=s, persona=r),
    }
