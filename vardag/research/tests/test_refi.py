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
    codes = refi.read_codebook(xml).codes
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
    # Named ids: the zips carry the time they were made, and pytest-xdist requires every worker
    # to collect the same test ids.
    ids=["not_a_zip", "no_project_file", "broken_xml", "entity_in_dtd"],
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


# ---- files from other tools (issue 12 item 19) -----------------------------------------------

UPPER = "6F1D2C3A-0B4E-4F5A-9C8D-7E6F5A4B3C2D"
BRACED = "{A1B2C3D4-0B4E-4F5A-9C8D-7E6F5A4B3C2D}"


def _tool_project(folder: str, code_guid: str) -> bytes:
    """A .qdpx as MAXQDA (folder `sources/`) or ATLAS.ti (upper-case GUIDs) writes it, with
    a Set of codes, a note on a code and Cases the standard carries but Vardag has no place for."""
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Från verktyget" origin="MAXQDA 24">
 <Users><User guid="{guid(30).upper()}" name="Kodare A"/></Users>
 <CodeBook><Codes>
  <Code guid="{code_guid}" name="Tid" isCodable="true" color="#aa0000">
   <NoteRef targetGUID="{guid(40).upper()}"/>
   <Code guid="{BRACED}" name="Brist på tid" isCodable="true"/>
  </Code>
 </Codes></CodeBook>
 <Cases><Case guid="{guid(80)}" name="Fall 1"/></Cases>
 <Sources>
  <TextSource guid="{guid(10).upper()}" name="Intervju"
    plainTextPath="internal://{guid(10).upper()}.txt">
   <PlainTextSelection guid="{guid(20)}" startPosition="0" endPosition="5">
    <Coding guid="{guid(21)}" creatingUser="{guid(30).upper()}">
     <CodeRef targetGUID="{code_guid.lower()}"/></Coding>
   </PlainTextSelection>
  </TextSource>
 </Sources>
 <Notes><Note guid="{guid(40).upper()}" name="Om tid">
  <PlainTextContent>Koden gäller arbetstid.</PlainTextContent></Note></Notes>
 <Sets><Set guid="{guid(90).upper()}" name="Förutsättningar">
  <Description>Det som behövs</Description>
  <MemberCode targetGUID="{code_guid}"/><MemberCode targetGUID="{BRACED}"/>
  <MemberSource targetGUID="{guid(10).upper()}"/></Set></Sets>
</Project>
""".encode()
    return _zip(
        {"project.qde": qde, f"{folder}/{guid(10).upper()}.txt": "Tiden räcker inte.".encode()}
    )


@pytest.mark.parametrize("folder", ["sources", "Sources"])
def test_projects_from_maxqda_and_atlas_are_read_with_sets_and_guids_as_written(folder):
    project = refi.read_project(_tool_project(folder, UPPER))
    assert [c.guid for c in refi.all_codes(project.codes)] == [UPPER, BRACED]
    assert project.sources[0].text == "Tiden räcker inte."
    assert project.sources[0].guid == guid(10).upper()
    (refi_set,) = project.sets
    assert (refi_set.name, refi_set.description) == ("Förutsättningar", "Det som behövs")
    assert refi_set.code_guids == [refi.guid_key(UPPER), refi.guid_key(BRACED)]
    assert refi_set.other_members == 1
    assert project.codes[0].note_guids == [guid(40)]
    assert project.left_out == [refi.RefiLeftOut("Cases", "Cases", "not_supported", 1)]


def test_a_codebook_with_sets_reads_back_and_has_the_schema_shape():
    sets = [refi.RefiSet(guid(90), "Förutsättningar", "Det som behövs", [guid(1), guid(3)])]
    xml = refi.codebook_xml(sample().codes, sets)
    assert codebook_problems(xml) == []
    book = refi.read_codebook(xml)
    assert [(s.name, s.code_guids) for s in book.sets] == [("Förutsättningar", [guid(1), guid(3)])]


def test_a_set_naming_an_unknown_code_is_refused():
    sets = [refi.RefiSet(guid(90), "Trasig", "", [G])]
    with pytest.raises(refi.RefiError, match="unknown_code"):
        refi.read_codebook(refi.codebook_xml(sample().codes, sets))


@pytest.mark.django_db
def test_a_maxqda_project_comes_in_with_its_sets_notes_and_guids_and_goes_out_the_same(
    world, client_for
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from vardag.research.models import Memo, Study, Theme
    from vardag.research.services import study_as_refi

    client = client_for("researcher")
    response = client.post(
        reverse("research:project_import"),
        {"file": SimpleUploadedFile("maxqda.qdpx", _tool_project("sources", UPPER))},
        follow=True,
    )
    page = response.content.decode()
    assert "Projektet är importerat" in page
    assert "fall (Cases) importerades inte" in page
    assert "Förutsättningar blev ett tema" in page
    study = Study.objects.get(title="Från verktyget")
    theme = Theme.objects.get(study=study)
    assert sorted(c.name for c in theme.codes.all()) == ["Brist på tid", "Tid"]
    memo = Memo.objects.get(study=study)
    assert memo.code is not None and memo.code.name == "Tid"
    exported = study_as_refi(study)
    assert [c.guid for c in refi.all_codes(exported.codes)] == [UPPER, BRACED]
    assert exported.sources[0].guid == guid(10).upper()
    assert exported.sets[0].code_guids == [BRACED, UPPER] or exported.sets[0].code_guids == [
        UPPER,
        BRACED,
    ]
    assert project_problems(refi.project_xml(exported)) == []
    assert exported.codes[0].note_guids == [str(memo.guid)]


# ---- bounds and hostile XML (issue 14 items 1 and 2) -----------------------------------------


def _codebook(codes_xml: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{prolog}'
        f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes_xml}</Codes></CodeBook>'
    ).encode()


def test_a_codebook_with_twenty_thousand_codes_is_refused_while_reading():
    codes = "".join(f'<Code guid="{guid(n)}" name="k{n}" isCodable="true"/>' for n in range(20_000))
    with pytest.raises(refi.RefiError) as exc:
        refi.read_codebook(_codebook(codes))
    assert (exc.value.reason, exc.value.detail) == ("limit", "max_codes")


def test_a_deeply_nested_code_tree_is_refused_not_a_recursion_error():
    codes = (
        "".join(f'<Code guid="{guid(n)}" name="k{n}" isCodable="true">' for n in range(3000))
        + "</Code>" * 3000
    )
    with pytest.raises(refi.RefiError) as exc:
        refi.read_codebook(_codebook(codes))
    assert (exc.value.reason, exc.value.detail) == ("limit", "max_depth")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_entities_after_a_long_comment_or_in_utf16_are_refused(encoding):
    prolog = "<!--" + "x" * 20_000 + '--><!DOCTYPE CodeBook [<!ENTITY a "aaaaaaaa">]>'
    raw = _codebook(f'<Code guid="{guid(1)}" name="&a;" isCodable="true"/>', prolog).decode()
    raw = raw.replace('encoding="utf-8"', f'encoding="{encoding}"').encode(encoding)
    with pytest.raises(refi.RefiError) as exc:
        refi.read_codebook(raw)
    assert (exc.value.reason, exc.value.detail) == ("invalid_xml", "DTD")
    project = _zip({"project.qde": raw.replace(b"CodeBook", b"Project")})
    with pytest.raises(refi.RefiError, match="invalid_xml"):
        refi.read_project(project)
