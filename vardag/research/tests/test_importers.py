import io
import zipfile

import pytest
from django.test import override_settings

from vardag.research.importers import ImportProblem, extract
from vardag.research.tests.documents import docx, odt, pdf

VTT = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
<v Intervjuare>Hur ser en vanlig dag ut?</v>

2
00:00:04.500 --> 00:00:09.000
<v Anna Berg>Stressig. Vi hinner inte
pröva något nytt.</v>
"""

SRT = """1
00:00:01,000 --> 00:00:03,000
Moderator: Välkomna.

2
00:00:03,500 --> 00:00:06,000
Lärare: Tack.
"""


@pytest.mark.parametrize(
    "data",
    [
        "Förändring på förskolan".encode(),
        b"\xef\xbb\xbf" + "Förändring på förskolan".encode(),
        "Förändring på förskolan".encode("cp1252"),
        "Förändring på förskolan".encode("utf-16"),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "utf16"],
)
def test_text_files_in_common_encodings(data):
    assert extract("a.txt", data).text == "Förändring på förskolan"


def test_docx_and_odt_paragraphs():
    assert extract("i.docx", docx(["Första stycket", "Andra – å ä ö"])).text == (
        "Första stycket\n\nAndra – å ä ö"
    )
    assert extract("i.odt", odt(["Ett", "Två"])).text == "Ett\n\nTvå"


def test_pdf_text_layer():
    assert "Hej fokusgruppen" in extract("r.pdf", pdf("Hej fokusgruppen")).text


def test_vtt_keeps_speakers_times_and_offsets():
    result = extract("s.vtt", VTT.encode())
    assert result.text == (
        "Intervjuare: Hur ser en vanlig dag ut?\n\n"
        "Anna Berg: Stressig. Vi hinner inte pröva något nytt."
    )
    first, second = result.cues
    assert (second.start, second.end, second.speaker) == (
        "00:00:04.500",
        "00:00:09.000",
        "Anna Berg",
    )
    assert result.text[second.offset :].startswith("Stressig.")
    assert result.text[first.offset :].startswith("Hur ser")


def test_srt_speaker_prefixes():
    result = extract("s.srt", SRT.encode())
    assert [c.speaker for c in result.cues] == ["Moderator", "Lärare"]
    assert result.cues[1].start == "00:00:03.500"


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("trasig.docx", b"PK\x03\x04 not really a zip", "skadad"),
        ("trasig.docx", b"hello", "skadad"),
        ("tom.pdf", pdf(None), "textlager"),
        ("inte.pdf", b"GIF89a", "inte en PDF"),
        ("bild.png", b"\x89PNG", "Filtypen"),
        ("tom.vtt", b"WEBVTT\n\n", "repliker"),
        ("bin.txt", b"\x00\x01\x02", "textfil"),
    ],
)
def test_bad_files_give_clear_messages(name, data, message):
    with pytest.raises(ImportProblem, match=message):
        extract(name, data)


@override_settings(MAX_UPLOAD_BYTES=1000)
def test_too_large_file_is_refused_before_reading():
    with pytest.raises(ImportProblem, match="för stor"):
        extract("stor.txt", b"a" * 1001)


def test_xml_entity_declarations_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "word/document.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
        )
    with pytest.raises(ImportProblem, match="XML"):
        extract("bomb.docx", buffer.getvalue())


def test_a_nul_character_is_not_text():
    with pytest.raises(ImportProblem, match="inte vara en textfil"):
        extract("a.txt", "Hej\x00då".encode("utf-16"))
