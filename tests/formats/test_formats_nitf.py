"""NITF 3.6: encode (valid against the official XSD), decode with and without namespace, hostile
input, the HTML <-> NITF body mapping and round trips of the fields NITF carries."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from lxml import etree

from tests.formats.samples import ROUND_TRIP, diff, full_item, news_items, optional_lines
from toasoan.formats import nitf
from toasoan.formats.model import FormatError, NewsItem

DATA = Path(__file__).parent / "data" / "nitf"
N = "{http://iptc.org/std/NITF/2006-10-18/}"
NTB = (DATA / "NTB_nitf_sample.xml").read_bytes()
# Fields NITF does not carry: type (always "text"), priority, first_created, renditions,
# associations, links.
NOT_CARRIED = ("type", "priority", "first_created", "renditions", "associations", "links")


def test_encode_validates_and_round_trips() -> None:
    original = full_item()
    data = nitf.encode(original)
    nitf.validate(data)
    decoded = nitf.decode(data)
    assert diff(decoded, original, ignore=NOT_CARRIED) == {}
    assert decoded.type == "text"


def test_encoded_structure() -> None:
    root = etree.fromstring(nitf.encode(full_item()))
    assert root.tag == N + "nitf"
    assert root.get("version") == "-//IPTC//DTD NITF 3.6//EN" and root.get("baselang") == "vi"
    assert root.find(f"{N}head/{N}title").text == "Quốc hội thảo luận kinh tế - xã hội & ngân sách"
    docdata = root.find(f"{N}head/{N}docdata")
    assert docdata.find(N + "doc-id").get("id-string") == full_item().guid
    assert docdata.find(N + "urgency").get("ed-urg") == "2"
    assert docdata.find(N + "date.issue").get("norm") == "20261112T083015.250000+0700"
    assert docdata.find(N + "date.release").get("norm") == "20261112T090000+0700"
    assert [k.get("key") for k in docdata.iter(N + "keyword")] == ["kinh tế", "ngân sách"]
    content = docdata.find(N + "identified-content")
    classifier = content.find(N + "classifier")
    assert classifier.get("value") == "medtop:11000000" and classifier.text == "Chính trị"
    assert [p.text for p in content.findall(N + "location")] == ["Hà Nội", "Việt Nam"]
    assert content.find(N + "person").text == "Trần Thanh Mẫn"
    assert content.find(N + "org").text == "Quốc hội"
    head = root.find(f"{N}body/{N}body.head")
    assert head.find(f"{N}hedline/{N}hl1").text == full_item().headline
    assert head.find(N + "byline").text == "Nguyễn Thị Hằng/TTXVN"
    dateline = head.find(N + "dateline")
    assert dateline.find(N + "location").text == "HÀ NỘI"
    assert dateline.find(N + "story.date").get("norm") == "20261112"
    assert [p.text for p in head.find(N + "abstract")] == [
        "Sáng 12/11, Quốc hội thảo luận.",
        "Dòng thứ hai của tóm tắt.",
    ]
    content = root.find(f"{N}body/{N}body.content")
    assert [etree.QName(c).localname for c in content] == [
        "p",
        "hl2",
        "hl2",
        "ul",
        "ol",
        "bq",
        "table",
        "media",
        "p",
    ]
    assert content[0][0].tag == N + "em" and content[0][0].get("class") == "bold"
    assert content[0][1].tag == N + "em" and content[0][1].get("class") is None


def test_minimal_item_is_valid() -> None:
    data = nitf.encode(NewsItem(guid="urn:x", language=""))
    nitf.validate(data)
    decoded = nitf.decode(data)
    assert decoded.guid == "urn:x" and decoded.body_html == "" and decoded.language == ""


def test_decode_ntb_sample_without_namespace() -> None:
    decoded = nitf.decode(NTB)
    assert decoded.guid == "NTB5df9281a-a270-4dc5-a618-869bbc3bbca7_00"
    assert decoded.language == "nb-NO"
    assert decoded.headline == "Pandemien herjer på den legeløse indiske landsbygda"
    assert decoded.byline == "NTB-AFP-DPA"
    assert decoded.credit == "NTB" and decoded.provider == "NTB"
    assert decoded.dateline_place == "Unnao"
    assert decoded.urgency == 5
    assert decoded.slugline == "india-korona-bygd" and decoded.version == 1
    assert decoded.keywords == ["india-korona-bygd"]
    assert decoded.genre == "Nyheter"
    assert decoded.version_created == datetime(2021, 5, 16, 9, 0, 4)
    assert decoded.subjects == []  # tobject.subject carries IPTC Subject Codes, not Media Topics
    body = decoded.body_html
    assert body.startswith("<p>Koronapandemien herjer også i landsbyer")
    assert "<h2>- Det skjulte India</h2>" in body
    assert "\n<p>– Det er så mye fattigdom" in body  # &#8211; as a character
    assert body.endswith(
        '<figure><img src="JsxLggxsoo4"><figcaption>Kremasjonsbål for koronaofre brenner i '
        "Indias hovedstad New Delhi. Foto: Amit Sharma / AP / NTB</figcaption></figure>"
    )


def test_doctype_without_entities_is_accepted_and_never_fetched() -> None:
    doctype = (
        b'<!DOCTYPE nitf PUBLIC "-//IPTC//DTD NITF 3.6//EN" '
        b'"http://127.0.0.1:9/IPTC/NITF/3.6/specification/dtd/nitf-3-6.dtd">\n'
    )
    declaration, rest = NTB.split(b"?>", 1)
    with_doctype = declaration + b"?>\n" + doctype + rest.lstrip()
    start = time.perf_counter()
    assert nitf.decode(with_doctype) == nitf.decode(NTB)
    assert time.perf_counter() - start < 1


def test_undeclared_html_entities_under_an_external_dtd_are_read() -> None:
    data = (
        b'<!DOCTYPE nitf SYSTEM "nitf-3-6.dtd"><nitf><head><docdata><doc-id id-string="x"/>'
        b"</docdata></head><body><body.content><p>a&nbsp;b &amp; &eacute;</p></body.content>"
        b"</body></nitf>"
    )
    assert nitf.decode(data).body_html == "<p>a\xa0b &amp; é</p>"


def test_other_nitf_variants() -> None:
    data = (
        '<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/" xml:lang="fr"><head>'
        "<title>Titre</title><docdata management-status='embargoed'>"
        '<doc-id id-string="urn:fr"/><date.issue norm="2026-11-12T08:00:00Z"/>'
        '<identified-content><classifier idsrc="http://cv.iptc.org/newscodes/mediatopic/" '
        'value="20000002"/><classifier value="http://cv.iptc.org/newscodes/mediatopic/20000003"/>'
        '<classifier type="other" value="123"/><person value="p1"/></identified-content>'
        "</docdata></head><body><body.head><byline>Par <person>Jean</person>, "
        "<byttl>AFP</byttl></byline><dateline>PARIS, 12 nov. (AFP)</dateline>"
        "<abstract>Résumé sans paragraphe</abstract></body.head>"
        "<body.content><block><p>un</p><hl2 class='h4'>deux</hl2></block>"
        "<table><tr><td rowspan='2'>c</td></tr></table><dl><dt>terme</dt><dd>déf</dd></dl>"
        "<p>x <em class='italic'>i</em> <q>q</q> <org>Org</org></p></body.content></body></nitf>"
    ).encode()
    decoded = nitf.decode(data)
    assert decoded.language == "fr" and decoded.pubstatus == "usable"
    assert decoded.headline == "Titre"  # head/title when there is no hedline
    assert decoded.version_created == datetime(2026, 11, 12, 8, tzinfo=UTC)
    assert decoded.subjects == ["20000002", "20000003"]
    assert decoded.people == ["p1"]
    assert decoded.byline == "Par Jean, AFP"
    assert decoded.dateline_place == "PARIS"
    assert decoded.abstract == "Résumé sans paragraphe"
    assert decoded.body_html == (
        '<p>un</p>\n<h4>deux</h4>\n<table><tr><td rowspan="2">c</td></tr></table>\n'
        "<p>terme</p>\n<p>déf</p>\n<p>x <em>i</em> q Org</p>"
    )


# --- body mapping -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "canonical"),
    [
        ("<p>a <b>b</b> <i>c</i></p>", "<p>a <strong>b</strong> <em>c</em></p>"),
        ("<p>  many   spaces\n here </p>", "<p>many spaces here</p>"),
        ("loose text<p>p</p>tail", "<p>loose text</p>\n<p>p</p>\n<p>tail</p>"),
        ("<div><section><p>x</p></section></div>", "<p>x</p>"),
        ("<h1>a</h1><h4>b</h4>", "<h1>a</h1>\n<h4>b</h4>"),
        ("<p><u>u</u> <sub>2</sub> <span>s</span></p>", "<p>u 2 s</p>"),
        ('<p><span lang="en">hello</span></p>', '<p><span lang="en">hello</span></p>'),
        ('<p lang="en">x</p>', '<p lang="en">x</p>'),
        (
            '<p><a href="https://x" rel="noopener noreferrer">l</a></p>',
            '<p><a href="https://x">l</a></p>',
        ),
        (
            "<ul><li><p>para</p><ul><li>nested</li></ul></li></ul>",
            "<ul><li><p>para</p><ul><li>nested</li></ul></li></ul>",
        ),
        ("<blockquote>bare</blockquote>", "<blockquote><p>bare</p></blockquote>"),
        (
            "<table><caption>C</caption><thead><tr><th scope='col'>h</th></tr></thead>"
            "<tbody><tr><td>1</td></tr></tbody><tbody><tr><td>2</td></tr></tbody></table>",
            "<table><caption>C</caption><thead><tr><th>h</th></tr></thead>"
            "<tbody><tr><td>1</td></tr><tr><td>2</td></tr></tbody></table>",
        ),
        ("<pre>a  &lt;b&gt;\n c</pre>", "<pre>a  &lt;b&gt;\n c</pre>"),
        ("<p>a</p><hr><p>b</p>", "<p>a</p>\n<hr>\n<p>b</p>"),
        (
            '<img src="https://x/a.jpg" alt="A" width="10" height="5">',
            '<figure><img src="https://x/a.jpg" alt="A" width="10" height="5"></figure>',
        ),
        (
            '<figure data-item-guid="urn:a" data-role="featured"><img src="s.jpg">'
            "<figcaption>cap <em>e</em></figcaption></figure>",
            '<figure data-item-guid="urn:a" data-role="featured"><img src="s.jpg">'
            "<figcaption>cap <em>e</em></figcaption></figure>",
        ),
        ("<p>in <img src='x.jpg'> line</p>", "<p>in line</p>"),
        ("<script>alert(1)</script><p>ok</p>", "<p>alert(1)</p>\n<p>ok</p>"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_body_mapping(source: str, canonical: str) -> None:
    data = nitf.encode(full_item(body_html=source))
    nitf.validate(data)
    assert nitf.decode(data).body_html == canonical


def test_characters_xml_forbids_are_dropped() -> None:
    data = nitf.encode(full_item(headline="a\x00b\x1fc", body_html="<p>x\x0by</p>"))
    nitf.validate(data)
    decoded = nitf.decode(data)
    assert decoded.headline == "abc" and decoded.body_html == "<p>xy</p>"


# --- hostile and invalid input -----------------------------------------------------------------

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE nitf [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<nitf><head><docdata><doc-id id-string="x"/></docdata></head>
<body><body.content><p>&f;</p></body.content></body></nitf>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE nitf [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<nitf><head><docdata><doc-id id-string="x"/></docdata></head>
<body><body.content><p>&xxe;</p></body.content></body></nitf>"""


@pytest.mark.parametrize("function", [nitf.decode, nitf.validate])
@pytest.mark.parametrize("data", [BOMB, XXE], ids=["bomb", "xxe"])
def test_entities_are_refused(function: object, data: bytes) -> None:
    start = time.perf_counter()
    with pytest.raises(FormatError, match="entit") as error:
        function(data)  # type: ignore[operator]
    assert time.perf_counter() - start < 1
    assert "root:" not in str(error.value)


@pytest.mark.parametrize(
    ("data", "message", "path"),
    [
        (b"<nitf><head>", "malformed XML", "line 1"),
        (b"<html/>", "expected a nitf root element", "/html"),
        (b'<nitf xmlns="urn:other"/>', "expected a nitf root element", "/nitf"),
        (b"<nitf><head/><body/></nitf>", "no doc-id", "/nitf/head/docdata/doc-id"),
        (
            b"<nitf><head><docdata><doc-id/></docdata></head><body/></nitf>",
            "no doc-id",
            "/nitf/head/docdata/doc-id",
        ),
        (
            b'<nitf><head><docdata><doc-id id-string="x"/></docdata></head></nitf>',
            "no body",
            "/nitf/body",
        ),
        (
            b'<nitf><head><docdata><doc-id id-string="x"/><urgency ed-urg="high"/></docdata>'
            b"</head><body/></nitf>",
            "not an integer",
            "/nitf/head/docdata/urgency/@ed-urg",
        ),
        (
            b'<nitf><head><docdata><doc-id id-string="x"/><date.issue norm="yesterday"/>'
            b"</docdata></head><body/></nitf>",
            "invalid date-time",
            "/nitf/head/docdata/date.issue/@norm",
        ),
        (
            b'<nitf><head><docdata management-status="killed"><doc-id id-string="x"/>'
            b"</docdata></head><body/></nitf>",
            "unknown management-status",
            "/nitf/head/docdata/@management-status",
        ),
    ],
)
def test_invalid_documents(data: bytes, message: str, path: str) -> None:
    with pytest.raises(FormatError, match=message) as error:
        nitf.decode(data)
    assert error.value.path == path


def test_validate_rejects_documents_without_namespace_and_invalid_ones() -> None:
    with pytest.raises(FormatError, match="schema"):
        nitf.validate(NTB)  # the NTB sample is DTD-era NITF without the 3.6 namespace
    bad = nitf.encode(full_item()).replace(b"<hl1>", b"<hl9>").replace(b"</hl1>", b"</hl9>")
    with pytest.raises(FormatError) as error:
        nitf.validate(bad)
    assert error.value.path == "/nitf/body/body.head/hedline/hl9"


@pytest.mark.parametrize(
    ("changes", "path"),
    [({"guid": ""}, "guid"), ({"urgency": 0}, "urgency"), ({"subjects": ["1"]}, "subjects[0]")],
)
def test_encode_rejects_invalid_items(changes: dict[str, object], path: str) -> None:
    with pytest.raises(FormatError) as error:
        nitf.encode(full_item(**changes))
    assert error.value.path == path


# --- property: encode -> validate -> decode keeps every field NITF carries ----------------------

# NITF reads copyright_notice (body.head/rights) as one line.
nitf_items = news_items(omit=NOT_CARRIED, copyright_notice=optional_lines)


@ROUND_TRIP
@given(original=nitf_items)
def test_property_round_trip(original: NewsItem) -> None:
    data = nitf.encode(original)
    nitf.validate(data)
    assert diff(nitf.decode(data), original, ignore=NOT_CARRIED) == {}
