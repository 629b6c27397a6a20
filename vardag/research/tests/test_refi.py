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


MIXED = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Blandat">
 <CodeBook><Codes><Code guid="{guid(1)}" name="Tid" isCodable="true"/></Codes></CodeBook>
 <Sources>
  <PDFSource guid="{guid(50)}" name="Protokoll APT" path="internal://{guid(50)}.pdf">
   <Representation guid="{guid(51)}" plainTextPath="internal://{guid(51)}.txt">
    <PlainTextSelection guid="{guid(52)}" startPosition="0" endPosition="9">
     <Coding guid="{guid(53)}"><CodeRef targetGUID="{guid(1)}"/></Coding>
    </PlainTextSelection>
   </Representation>
   <PDFSelection guid="{guid(54)}" page="1" firstX="1" firstY="1" secondX="9" secondY="9"/>
  </PDFSource>
  <AudioSource guid="{guid(60)}" name="Fokusgrupp rektorer" path="internal://{guid(60)}.m4a">
   <Transcript guid="{guid(61)}" plainTextPath="internal://{guid(61)}.txt">
    <SyncPoint guid="{guid(62)}" position="0" timeStamp="0"/>
    <SyncPoint guid="{guid(63)}" position="5" timeStamp="4000"/>
    <TranscriptSelection guid="{guid(64)}" fromSyncPoint="{guid(62)}" toSyncPoint="{guid(63)}"/>
   </Transcript>
  </AudioSource>
  <PictureSource guid="{guid(70)}" name="Whiteboard" path="internal://{guid(70)}.jpg"/>
 </Sources>
</Project>
""".encode()


def _mixed() -> bytes:
    return _zip(
        {
            "project.qde": MIXED,
            f"Sources/{guid(51)}.txt": "Tidsbrist på APT varje vecka.".encode(),
            f"Sources/{guid(61)}.txt": b"Rektor: vi hinner inte.",
        }
    )


def test_pdf_text_and_transcripts_come_in_and_the_rest_is_named():
    project = refi.read_project(_mixed())
    by_name = {source.name: source for source in project.sources}
    pdf = by_name["Protokoll APT"]
    assert pdf.text == "Tidsbrist på APT varje vecka."
    assert [(c.start, c.end, c.code_guid) for c in pdf.codings] == [(0, 9, guid(1))]
    audio = by_name["Fokusgrupp rektorer"]
    assert audio.text == "Rektor: vi hinner inte." and audio.codings == []
    assert project.left_out == [
        refi.RefiLeftOut("PDFSource", "Protokoll APT", "codings", 1),
        refi.RefiLeftOut("PictureSource", "Whiteboard", "no_text"),
        refi.RefiLeftOut("AudioSource", "Fokusgrupp rektorer", "codings", 1),
    ]


@pytest.mark.django_db
def test_the_researcher_is_told_what_was_left_out(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client = client_for("researcher")
    response = client.post(
        reverse("research:project_import"),
        {"file": SimpleUploadedFile("blandat.qdpx", _mixed())},
        follow=True,
    )
    page = response.content.decode()
    assert "Whiteboard importerades inte" in page
    assert "Texten i Fokusgrupp rektorer importerades, men inte 1 kodningar" in page
