"""A generated HR export: 2,000 people in a municipality's unit tree (fictional names).

`python -m vardag.orgadmin.tests.hr_fixture` rewrites fixtures/hr_export_2000.csv; a test checks
the committed file still equals the generator's output.
"""

from __future__ import annotations

import random
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "hr_export_2000.csv"
HEADER = [
    "Anställningsnummer",
    "Förnamn",
    "Efternamn",
    "E-post",
    "Befattning",
    "Enhetskod",
    "Enhetsnamn",
    "Överordnad enhetskod",
    "Enhetstyp",
    "Roll",
    "Startdatum",
    "Slutdatum",
]
FIRST = [
    "Anna",
    "Björn",
    "Cecilia",
    "David",
    "Eva",
    "Fredrik",
    "Greta",
    "Hassan",
    "Ida",
    "Johan",
    "Karin",
    "Lars",
    "Maja",
    "Nils",
    "Olivia",
    "Per",
    "Rut",
    "Sara",
    "Tove",
    "Ulf",
    "Åsa",
    "Örjan",
    "Leila",
    "Mohammed",
    "Zeynep",
    "Elin",
    "Oskar",
    "Linnéa",
    "Hugo",
    "Signe",
]
LAST = [
    "Andersson",
    "Berg",
    "Carlsson",
    "Dahl",
    "Ek",
    "Forsberg",
    "Gustafsson",
    "Holm",
    "Isaksson",
    "Johansson",
    "Karlsson",
    "Lindqvist",
    "Mattsson",
    "Nilsson",
    "Olsson",
    "Persson",
    "Sjöberg",
    "Ström",
    "Törnqvist",
    "Wallin",
    "Åberg",
    "Öberg",
    "Yilmaz",
    "Haddad",
    "Nguyen",
]
TITLES = [
    "Socialsekreterare",
    "Lärare",
    "Enhetschef",
    "Rektor",
    "Biståndshandläggare",
    "Kurator",
    "Administratör",
    "Undersköterska",
    "Specialpedagog",
    "Fritidsledare",
]


def units() -> list[tuple[str, str, str, str]]:
    """(code, name, parent code, kind) for a committee/administration/department/unit tree."""
    tree = [
        ("N1", "Socialnämnden", "", "Nämnd"),
        ("N2", "Barn- och utbildningsnämnden", "", "Nämnd"),
        ("F1", "Socialförvaltningen", "N1", "Förvaltning"),
        ("F2", "Skol- och fritidsförvaltningen", "N2", "Förvaltning"),
    ]
    for a in range(1, 5):
        tree.append((f"F1-A{a}", f"Socialtjänstens avdelning {a}", "F1", "Avdelning"))
        for e in range(1, 7):
            tree.append((f"F1-A{a}-E{e}", f"Enhet {a}.{e} (socialtjänst)", f"F1-A{a}", "Enhet"))
    for s in range(1, 9):
        tree.append((f"F2-S{s}", f"Skola {s}", "F2", "Skola"))
        for t in range(1, 4):
            tree.append((f"F2-S{s}-L{t}", f"Arbetslag {s}.{t}", f"F2-S{s}", "Arbetslag"))
    return tree


HEAD_ROLES = {
    "Nämnd": "Nämndledamot",
    "Förvaltning": "Förvaltningschef",
    "Avdelning": "Medarbetare",
    "Enhet": "Enhetschef",
    "Skola": "Rektor",
    "Arbetslag": "Medarbetare",
}


def rows(count: int = 2000, seed: int = 20260101) -> list[list[str]]:
    """Every unit gets its head (or one member) first; everyone else works in a unit or team."""
    rng = random.Random(seed)
    tree = units()
    leaves = [u for u in tree if u[3] in {"Enhet", "Arbetslag"}]
    out = []
    for number in range(1, count + 1):
        if number <= len(tree):
            code, name, parent, kind = tree[number - 1]
            role = HEAD_ROLES[kind]
        else:
            code, name, parent, kind = leaves[number % len(leaves)]
            role = "Medarbetare"
        first, last = rng.choice(FIRST), rng.choice(LAST)
        employee_id = f"E{number:05d}"
        start = f"{rng.randint(2005, 2025)}-{rng.randint(1, 12):02d}-01"
        out.append(
            [
                employee_id,
                first,
                last,
                f"{employee_id.lower()}@ekbacka.example",
                rng.choice(TITLES),
                code,
                name,
                parent,
                kind,
                role,
                start,
                "",
            ]
        )
    return out


def render(count: int = 2000, delimiter: str = ";") -> str:
    lines = [delimiter.join(HEADER), *(delimiter.join(r) for r in rows(count))]
    return "\r\n".join(lines) + "\r\n"


def write() -> None:
    FIXTURE.parent.mkdir(exist_ok=True)
    FIXTURE.write_bytes(render().encode("cp1252"))


if __name__ == "__main__":
    write()
