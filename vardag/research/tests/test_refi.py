import io
import zipfile

import pytest

from vardag.research import refi
from vardag.research.tests.schema_shape import codebook_problems, project_problems

G = "6f1d2c3a-0b4e-4f5a-9c8d-7e6f5a4b3c2d"


def guid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def sample() -> refi.RefiProject:
    codes = [
        refi.RefiCode(
            guid(1),
            "Tid",
            "#5d4037",
            "Tid för utveckling",
            [
                refi.RefiCode(guid(2), "Brist på tid", "#aa0000"),
            ],
        ),
        refi.RefiCode(guid(3), "Stöd"),
    ]
    text = "Person 1: Vi har aldrig tid. Chefen stöttar oss – å ä ö."
    source = refi.RefiSource(
        guid(10),
        "Intervju",
        text,
        [
            refi.RefiCoding(guid(20), 10, 27, guid(2), guid(30)),
            refi.RefiCoding(guid(21), 29, 44, guid(3)),
        ],
    )
    return refi.RefiProject(
        name="Studie",
        codes=codes,
        sources=[source],
        notes=[refi.RefiNote(guid(40), "memo", "Ett memo")],
        users=[refi.RefiUser(guid(30), "Kodare")],
    )


def test_project_xml_has_the_schema_shape():
    assert project_problems(refi.project_xml(sample())) == []


def test_codebook_xml_has_the_schema_shape_and_reads_back():
    xml = refi.codebook_xml(sample().codes)
    assert codebook_problems(xml) == []
    codes = refi.read_codebook(xml)
    assert [c.name for c in refi.all_codes(codes)] == ["Tid", "Brist på tid", "Stöd"]
    assert codes[0].description == "Tid för utveckling"
    assert codes[0].children[0].colour == "#aa0000"


def test_the_checker_finds_problems():
    bad = (
        refi.project_xml(sample())
        .replace(b'isCodable="true"', b"")
        .replace(b"CodeRef ", b"CodeRefx ")
    )
    problems = project_problems(bad)
    assert any("isCodable" in p for p in problems)
    assert any("CodeRefx" in p for p in problems)


def test_qdpx_round_trip_is_lossless():
    project = sample()
    back = refi.read_project(refi.project_qdpx(project))
    assert back.name == project.name
    assert back.codes == project.codes
    assert [(s.guid, s.name, s.text) for s in back.sources] == [
        (s.guid, s.name, s.text) for s in project.sources
    ]
    assert back.sources[0].codings == project.sources[0].codings
    assert back.notes == project.notes
    assert back.users == project.users


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_missing_source_file_is_an_error():
    data = _zip({"project.qde": refi.project_xml(sample())})
    with pytest.raises(refi.RefiError) as exc:
        refi.read_project(data)
    assert exc.value.reason == "missing_file"


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"not a zip", "not_zip"),
        (_zip({"other.txt": b"x"}), "missing_file"),
        (_zip({"project.qde": b"<Project"}), "invalid_xml"),
        (
            _zip({"project.qde": b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a/>'}),
            "invalid_xml",
        ),
    ],
)
def test_broken_projects(data, reason):
    with pytest.raises(refi.RefiError) as exc:
        refi.read_project(data)
    assert exc.value.reason == reason


def test_coding_outside_the_text_or_to_unknown_code_is_refused():
    project = sample()
    project.sources[0].codings.append(refi.RefiCoding(guid(22), 0, 9999, guid(3)))
    with pytest.raises(refi.RefiError, match="bad_position"):
        refi.read_project(refi.project_qdpx(project))
    project = sample()
    project.sources[0].codings.append(refi.RefiCoding(guid(23), 0, 5, G))
    with pytest.raises(refi.RefiError, match="unknown_code"):
        refi.read_project(refi.project_qdpx(project))
