"""NITF 3.6: encode (valid against the official XSD), decode with and without namespace, hostile
input, the HTML <-> NITF body mapping and round trips of the fields NITF carries."""

from __future__ import annotations

import html
import json
import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from toasoan.formats import nitf
from toasoan.formats.model import FormatError, NewsItem

DATA = Path(__file__).parent / "data" / "nitf"
ROOT = Path(__file__).resolve().parents[2]
N = "{http://iptc.org/std/NITF/2006-10-18/}"
NTB = (DATA / "NTB_nitf_sample.xml").read_bytes()
ICT = timezone(timedelta(hours=7))
MEDIA_TOPICS = [
    c["code"]
    for c in json.loads(
        (ROOT / "toasoan/vocabularies/data/mediatopics.json").read_text(encoding="utf-8")
    )["concepts"]
]
# Fields NITF does not carry: type (always "text"), priority, first_created, renditions,
# associations, links.
NOT_CARRIED = ("type", "priority", "first_created", "renditions", "associations", "links")


def item(**changes: object) -> NewsItem:
    value = NewsItem(
        guid="urn:newsml:toasoan.example.vn:20261112:7f3a",
        version=2,
        language="vi",
        pubstatus="usable",
        headline="Bão số 14 đổ bộ Quảng Ngãi & Gia Lai",
        slugline="BAO-SO-14",
        byline="Phan Văn Lành/TTXVN",
        dateline_place="QUẢNG NGÃI",
        dateline_date=date(2026, 11, 18),
        abstract="Rạng sáng 18/11, bão đổ bộ.\nGió giật cấp 15.",
        body_html=(
            "<p>Mắt bão <strong>số 14</strong> đã <em>đổ bộ</em>.</p>\n<h2>Thiệt hại</h2>\n"
            "<ul><li>Hơn 300 nhà tốc mái</li><li>2 người bị thương</li></ul>\n"
            '<p>Xem <a href="https://nchmf.gov.vn/">nchmf.gov.vn</a><br>để cập nhật.</p>'
        ),
        urgency=1,
        genre="news",
        subjects=["06000000", "20000151"],
        places=["Quảng Ngãi", "Gia Lai"],
        people=["Nguyễn Văn Hưởng"],
        organisations=["Trung tâm Dự báo khí tượng thủy văn quốc gia"],
        keywords=["bão", "thiên tai"],
        credit="TTXVN",
        copyright_holder="Thông tấn xã Việt Nam",
        copyright_notice="© 2026 TTXVN",
        usage_terms="Chỉ dùng cho thành viên.\nKhông lưu trữ.",
        embargo_until=datetime(2026, 11, 18, 6, 0, tzinfo=ICT),
        version_created=datetime(2026, 11, 18, 5, 12, 30, 500000, tzinfo=ICT),
        ednote="Cập nhật số liệu thiệt hại",
        provider="TTXVN",
    )
    for key, val in changes.items():
        setattr(value, key, val)
    return value


def diff(a: NewsItem, b: NewsItem) -> dict[str, tuple[object, object]]:
    return {
        name: (getattr(a, name), getattr(b, name))
        for name in a.__dataclass_fields__
        if name not in NOT_CARRIED and getattr(a, name) != getattr(b, name)
    }


def test_encode_validates_and_round_trips() -> None:
    original = item()
    data = nitf.encode(original)
    nitf.validate(data)
    decoded = nitf.decode(data)
    assert diff(decoded, original) == {}
    assert decoded.type == "text"


def test_encoded_structure() -> None:
    root = etree.fromstring(nitf.encode(item()))
    assert root.tag == N + "nitf"
    assert root.get("version") == "-//IPTC//DTD NITF 3.6//EN" and root.get("baselang") == "vi"
    assert root.find(f"{N}head/{N}title").text == "Bão số 14 đổ bộ Quảng Ngãi & Gia Lai"
    docdata = root.find(f"{N}head/{N}docdata")
    assert docdata.find(N + "doc-id").get("id-string") == item().guid
    assert docdata.find(N + "urgency").get("ed-urg") == "1"
    assert docdata.find(N + "date.issue").get("norm") == "20261118T051230.500000+0700"
    assert docdata.find(N + "date.release").get("norm") == "20261118T060000+0700"
    assert [k.get("key") for k in docdata.iter(N + "keyword")] == ["bão", "thiên tai"]
    content = docdata.find(N + "identified-content")
    classifier = content.find(N + "classifier")
    assert classifier.get("value") == "medtop:06000000" and classifier.text == "Môi trường"
    assert [p.text for p in content.findall(N + "location")] == ["Quảng Ngãi", "Gia Lai"]
    assert content.find(N + "person").text == "Nguyễn Văn Hưởng"
    assert content.find(N + "org").text.startswith("Trung tâm")
    head = root.find(f"{N}body/{N}body.head")
    assert head.find(f"{N}hedline/{N}hl1").text == item().headline
    assert head.find(N + "byline").text == "Phan Văn Lành/TTXVN"
    dateline = head.find(N + "dateline")
    assert dateline.find(N + "location").text == "QUẢNG NGÃI"
    assert dateline.find(N + "story.date").get("norm") == "20261118"
    assert [p.text for p in head.find(N + "abstract")] == [
        "Rạng sáng 18/11, bão đổ bộ.",
        "Gió giật cấp 15.",
    ]
    content = root.find(f"{N}body/{N}body.content")
    assert [etree.QName(c).localname for c in content] == ["p", "hl2", "ul", "p"]
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
    data = nitf.encode(item(body_html=source))
    nitf.validate(data)
    assert nitf.decode(data).body_html == canonical


def test_characters_xml_forbids_are_dropped() -> None:
    data = nitf.encode(item(headline="a\x00b\x1fc", body_html="<p>x\x0by</p>"))
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
    bad = nitf.encode(item()).replace(b"<hl1>", b"<hl9>").replace(b"</hl1>", b"</hl9>")
    with pytest.raises(FormatError) as error:
        nitf.validate(bad)
    assert error.value.path == "/nitf/body/body.head/hedline/hl9"


@pytest.mark.parametrize(
    ("changes", "path"),
    [({"guid": ""}, "guid"), ({"urgency": 0}, "urgency"), ({"subjects": ["1"]}, "subjects[0]")],
)
def test_encode_rejects_invalid_items(changes: dict[str, object], path: str) -> None:
    with pytest.raises(FormatError) as error:
        nitf.encode(item(**changes))
    assert error.value.path == path


# --- property: encode -> validate -> decode keeps every field NITF carries ----------------------

LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵĐ"
)
words = st.text(alphabet=LETTERS + "0123456789&<>\"'.,;:!?%/()-", min_size=1, max_size=10)
lines = st.lists(words, min_size=1, max_size=6).map(" ".join)
optional_line = st.one_of(st.just(""), lines)
multiline = st.one_of(st.just(""), st.lists(lines, min_size=1, max_size=3).map("\n".join))
zones = st.sampled_from([UTC, ICT, timezone(timedelta(hours=-3, minutes=-30))])
moments = st.datetimes(datetime(1990, 1, 1), datetime(2090, 1, 1), timezones=zones)
esc = lambda s: html.escape(s, quote=False)  # noqa: E731
inline = st.lists(
    st.one_of(
        lines.map(esc),
        lines.map(lambda s: f"<strong>{esc(s)}</strong>"),
        lines.map(lambda s: f"<em>{esc(s)}</em>"),
        lines.map(lambda s: f'<a href="https://vnanet.vn/{html.escape(s[:5])}">{esc(s)}</a>'),
    ),
    min_size=1,
    max_size=4,
).map(" ".join)
blocks = st.one_of(
    inline.map(lambda s: f"<p>{s}</p>"),
    inline.map(lambda s: f"<h2>{s}</h2>"),
    st.lists(inline, min_size=1, max_size=3).map(
        lambda x: "<ul>" + "".join(f"<li>{i}</li>" for i in x) + "</ul>"
    ),
    st.lists(inline, min_size=1, max_size=3).map(
        lambda x: "<ol>" + "".join(f"<li>{i}</li>" for i in x) + "</ol>"
    ),
    inline.map(lambda s: f"<blockquote><p>{s}</p></blockquote>"),
    st.lists(lines, min_size=1, max_size=3).map(
        lambda cells: "<table><tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr></table>"
    ),
)
optional = lambda s: st.one_of(st.none(), s)  # noqa: E731
nitf_items = st.builds(
    NewsItem,
    guid=st.text(alphabet="abcdef0123456789", min_size=4, max_size=12).map(lambda s: f"urn:x:{s}"),
    version=st.integers(1, 999),
    language=st.sampled_from(["vi", "en", "fr", ""]),
    pubstatus=st.sampled_from(["usable", "withheld", "canceled"]),
    headline=optional_line,
    slugline=optional_line,
    byline=optional_line,
    dateline_place=optional_line,
    dateline_date=optional(st.dates(date(1990, 1, 1), date(2090, 1, 1))),
    abstract=multiline,
    body_html=st.one_of(st.just(""), st.lists(blocks, min_size=1, max_size=5).map("\n".join)),
    urgency=optional(st.integers(1, 9)),
    genre=optional_line,
    subjects=st.lists(st.sampled_from(MEDIA_TOPICS), max_size=4),
    places=st.lists(lines, max_size=3),
    people=st.lists(lines, max_size=3),
    organisations=st.lists(lines, max_size=3),
    keywords=st.lists(lines, max_size=4),
    credit=optional_line,
    copyright_holder=optional_line,
    copyright_notice=optional_line,
    usage_terms=multiline,
    embargo_until=optional(moments),
    version_created=optional(moments),
    ednote=multiline,
    provider=optional_line,
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(original=nitf_items)
def test_property_round_trip(original: NewsItem) -> None:
    data = nitf.encode(original)
    nitf.validate(data)
    assert diff(nitf.decode(data), original) == {}
