import io
import zipfile

import pytest
from django.test import override_settings

from vardag.research.importers import ImportProblem, extract
from vardag.research.tests.documents import (
    docx,
    odt,
    odt_raw,
    pdf,
    w_p,
    w_textbox,
    word_part,
    zipped,
)

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


# ---- structure: text boxes, headers, footers, notes (issue 12 item 18) ------------------------


def test_a_docx_text_box_comes_once_after_its_paragraph():
    document = word_part(
        "document",
        w_p("Före rutan.", w_textbox("Text i rutan.")) + w_p("Efter rutan."),
    )
    text = extract("ruta.docx", zipped({"word/document.xml": document})).text
    assert text == "Före rutan.\n\nText i rutan.\n\nEfter rutan."
    assert text.count("Text i rutan.") == 1


def test_docx_headers_footnotes_endnotes_and_footers_come_in_a_defined_order():
    document = word_part(
        "document",
        w_p("Vi pratade om tid", '<w:r><w:footnoteReference w:id="2"/></w:r>', ".")
        + w_p("Och om stöd", '<w:r><w:endnoteReference w:id="1"/></w:r>', "."),
    )
    footnotes = word_part(
        "footnotes",
        '<w:footnote w:type="separator" w:id="-1">' + w_p("—") + "</w:footnote>"
        '<w:footnote w:id="2">' + w_p("Intervjuarens anteckning.") + "</w:footnote>",
    )
    endnotes = word_part("endnotes", '<w:endnote w:id="1">' + w_p("Se bilaga.") + "</w:endnote>")
    result = extract(
        "noter.docx",
        zipped(
            {
                "word/document.xml": document,
                "word/header1.xml": word_part("hdr", w_p("Intervju 3 med Anna Lind")),
                "word/header2.xml": word_part("hdr", w_p("Intervju 3 med Anna Lind")),
                "word/footnotes.xml": footnotes,
                "word/endnotes.xml": endnotes,
                "word/footer1.xml": word_part("ftr", w_p("Konfidentiellt")),
                "word/comments.xml": word_part("comments", w_p("En kommentar")),
            }
        ),
    )
    assert result.text.split("\n\n") == [
        "[Sidhuvud]",
        "Intervju 3 med Anna Lind",
        "Vi pratade om tid[fotnot 1].",
        "Och om stöd[slutnot 1].",
        "[Fotnoter]",
        "[fotnot 1] Intervjuarens anteckning.",
        "[Slutnoter]",
        "[slutnot 1] Se bilaga.",
        "[Sidfot]",
        "Konfidentiellt",
    ]
    assert "En kommentar" not in result.text
    assert result.left_out == ("Kommentarerna i marginalen importerades inte.",)


def test_odt_notes_frames_headers_and_deleted_changes():
    body = (
        "<text:tracked-changes><text:changed-region><text:deletion>"
        "<text:p>Borttagen text</text:p></text:deletion></text:changed-region>"
        "</text:tracked-changes>"
        '<text:p>Vi pratade<text:note text:note-class="footnote"><text:note-citation>1'
        "</text:note-citation><text:note-body><text:p>En fotnot.</text:p></text:note-body>"
        "</text:note> om tid.<draw:frame><draw:text-box><text:p>Rutan.</text:p>"
        "</draw:text-box></draw:frame></text:p>"
        "<text:p>Slut.<office:annotation><text:p>En kommentar</text:p></office:annotation></text:p>"
    )
    styles = (
        "<style:master-page><style:header><text:p>Intervju 3</text:p></style:header>"
        "<style:footer><text:p>Sida</text:p></style:footer></style:master-page>"
    )
    result = extract("noter.odt", odt_raw(body, styles))
    assert result.text.split("\n\n") == [
        "[Sidhuvud]",
        "Intervju 3",
        "Vi pratade[fotnot 1] om tid.",
        "Rutan.",
        "Slut.",
        "[Fotnoter]",
        "[fotnot 1] En fotnot.",
        "[Sidfot]",
        "Sida",
    ]
    assert result.left_out == ("Kommentarerna i marginalen importerades inte.",)


# ---- bounds and hostile XML (issue 14 items 1 and 2) -----------------------------------------


def test_odt_repeated_spaces_are_bounded_and_bad_counts_do_not_fail():
    bomb = odt_raw('<text:p>a<text:s text:c="1000000000"/>b</text:p>')
    with pytest.raises(ImportProblem, match="för lång"):
        extract("bomb.odt", bomb)
    assert extract("c.odt", odt_raw('<text:p>a<text:s text:c="abc"/>b</text:p>')).text == "a b"
    assert extract("c.odt", odt_raw('<text:p>a<text:s text:c="3"/>b</text:p>')).text == "a   b"


@pytest.mark.parametrize("suffix", [".odt", ".docx"])
def test_deeply_nested_documents_are_refused_with_a_message(suffix):
    if suffix == ".odt":
        data = odt_raw(
            "<text:p>" + "<text:span>" * 5000 + "x" + "</text:span>" * 5000 + "</text:p>"
        )
    else:
        nested = "<w:sdt><w:sdtContent>" * 5000 + w_p("x") + "</w:sdtContent></w:sdt>" * 5000
        data = zipped({"word/document.xml": word_part("document", nested)})
    with pytest.raises(ImportProblem, match="nästlat"):
        extract("djup" + suffix, data)


def _entity_document(prefix: bytes = b"", encoding: str = "utf-8") -> bytes:
    xml = (
        f'<?xml version="1.0" encoding="{encoding}"?>'
        '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        + word_part("document", w_p("&b;")).split("?>", 1)[1]
    )
    raw = xml.encode(encoding)
    if prefix:
        head, rest = raw.split(b"?>", 1)
        raw = head + b"?>" + prefix + rest
    return raw


@pytest.mark.parametrize(
    "raw",
    [
        _entity_document(b"<!--" + b"x" * 20_000 + b"-->"),
        _entity_document(encoding="utf-16"),
    ],
    ids=["long-comment-first", "utf-16"],
)
def test_entities_are_refused_by_the_parser_whatever_comes_first(raw):
    for name, member in (("a.docx", "word/document.xml"), ("a.odt", "content.xml")):
        with pytest.raises(ImportProblem, match="XML"):
            extract(name, zipped({member: raw}))


def _pdf_with_page_content(stream: bytes) -> bytes:
    import zlib

    packed = zlib.compress(stream, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length "
        + str(len(packed)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + packed
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def test_a_pdf_compression_bomb_is_refused_before_its_text_is_extracted():
    bomb = _pdf_with_page_content(b"BT /F1 12 Tf 72 720 Td (a) Tj ET\n" * 400_000)
    assert len(bomb) < 100_000
    with pytest.raises(ImportProblem, match="för stor"):
        extract("bomb.pdf", bomb)
    assert "Hej" in extract("ok.pdf", _pdf_with_page_content(b"BT /F1 12 Tf (Hej) Tj ET")).text


def test_a_text_file_in_an_unknown_encoding_is_refused_not_garbled():
    # Bytes Windows-1252 leaves undefined (0x81, 0x8d): some other code page.
    with pytest.raises(ImportProblem, match="teckenkodning"):
        extract("a.txt", "Förskolan ".encode("cp1252") + b"\x81\x8d")


def test_the_time_bound_is_checked_while_reading():
    from vardag.research.bounds import Budget, Limits

    with pytest.raises(ImportProblem, match="för lång tid"):
        extract("a.docx", docx(["Ett", "Två"]), Budget(Limits(max_seconds=-1)))
