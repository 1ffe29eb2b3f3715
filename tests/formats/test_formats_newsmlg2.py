"""NewsML-G2 2.35: encode, decode, validate against the official XSD, hostile input, round trips."""

from __future__ import annotations

import time
import unicodedata
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from tests.formats.samples import (
    ICT,
    ROUND_TRIP,
    associations,
    aware_datetimes,
    diff,
    full_item,
    guids,
    media_hrefs,
    news_items,
    optional_lines,
    renditions,
    types,
)
from toasoan.formats import newsmlg2, nitf
from toasoan.formats.model import Association, FormatError, Link, NewsItem, Rendition

DATA = Path(__file__).parent / "data" / "newsml-g2"
NAR = "{http://iptc.org/std/nar/2006-10-01/}"
VALID_LISTINGS = sorted(p for p in DATA.glob("LISTING_*.xml") if "LISTING_24" not in p.name)


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def news_item(**changes: object) -> NewsItem:
    """full_item() as a newsItem carries it: association groups are not carried (read as main)."""
    item = full_item(**changes)
    item.associations = [replace(a, group="main") for a in item.associations]
    return item


# --- encode / validate / decode ---------------------------------------------------------------


@pytest.mark.parametrize("text_format", ["nitf", "xhtml"])
def test_full_item_round_trips_and_validates(text_format: str) -> None:
    item = news_item()
    data = newsmlg2.encode_news_item(item, text_format=text_format)
    newsmlg2.validate(data)
    assert diff(newsmlg2.decode(data)[0], item) == {}


def test_encoded_news_item_structure() -> None:
    root = etree.fromstring(newsmlg2.encode_news_item(news_item()))
    assert root.tag == NAR + "newsItem"
    assert root.get("standard") == "NewsML-G2"
    assert root.get("standardversion") == "2.35"
    assert root.get("conformance") == "power"
    assert root.get("guid") == "urn:newsml:ttxvn.vn:20261112:7f3a"
    assert root.get("version") == "3"
    assert root.find(NAR + "catalogRef").get("href").endswith("catalog.IPTC-G2-Standards_41.xml")
    meta = root.find(NAR + "itemMeta")
    assert meta.find(NAR + "itemClass").get("qcode") == "ninat:text"
    assert meta.find(NAR + "pubStatus").get("qcode") == "stat:usable"
    assert meta.find(NAR + "embargoed").text == "2026-11-12T09:00:00+07:00"
    rels = [link.get("rel") for link in meta.findall(NAR + "link")]
    assert rels == [
        "irel:previousVersion",
        "tsrel:correction-of",
        "tsasc:featured",
        "tsasc:embedded",
        "tsasc:member",
    ]
    content = root.find(NAR + "contentMeta")
    subject = content.find(NAR + "subject")
    assert subject.get("qcode") == "medtop:11000000"
    assert {n.get("{http://www.w3.org/XML/1998/namespace}lang") for n in subject} == {"vi", "en"}
    types = [s.get("type") for s in content.findall(NAR + "subject")]
    assert types.count("cpnat:person") == 1 and types.count("cpnat:geoArea") == 2
    assert content.find(NAR + "description").get("role") == "drol:summary"
    assert content.find(NAR + "contentMetaExtProperty").get("rel") == "tsprop:priority"
    inline = root.find(f"{NAR}contentSet/{NAR}inlineXML")
    assert inline.get("contenttype") == "application/nitf+xml"
    nitf_doc = inline[0]
    assert nitf_doc.tag == "{http://iptc.org/std/NITF/2006-10-18/}nitf"
    # The inline NITF is itself valid NITF 3.6.
    nitf.validate(etree.tostring(nitf_doc))
    renditions = root.findall(f"{NAR}contentSet/{NAR}remoteContent")
    assert [r.get("rendition") for r in renditions] == ["rnd:thumbnail", "tsrnd:crop-16-9"]
    assert renditions[0].get("width") == "160" and renditions[0].get("size") == "4096"


def test_picture_item_with_renditions() -> None:
    item = NewsItem(
        guid="urn:newsml:toasoan.example.vn:20261112:anh1",
        type="picture",
        headline="Phiên họp",
        abstract="Chú thích ảnh",
        version_created=datetime(2026, 11, 12, 8, 0, tzinfo=UTC),
        renditions=[
            Rendition(name, f"https://cdn.example.vn/{name}.jpg", "image/jpeg", w, h, w * h)
            for name, w, h in (
                ("thumbnail", 160, 90),
                ("viewImage", 640, 360),
                ("baseImage", 1400, 788),
                ("original", 6000, 3376),
            )
        ],
    )
    data = newsmlg2.encode_news_item(item)
    newsmlg2.validate(data)
    root = etree.fromstring(data)
    assert root.find(f"{NAR}itemMeta/{NAR}itemClass").get("qcode") == "ninat:picture"
    assert root.find(f"{NAR}contentSet/{NAR}inlineXML") is None
    codes = [r.get("rendition") for r in root.iter(NAR + "remoteContent")]
    assert codes == ["rnd:thumbnail", "rnd:preview", "rnd:web", "rnd:highRes"]
    assert newsmlg2.decode(data) == [item]


def test_package_item_groups_and_round_trip() -> None:
    package = NewsItem(
        guid="urn:newsml:toasoan.example.vn:20261112:goi",
        type="composite",
        headline="Toàn cảnh kỳ họp",
        version_created=datetime(2026, 11, 12, 10, 0, tzinfo=ICT),
        associations=[
            Association("member", "urn:a", "text", "Bài chính", "main", 0),
            Association("featured", "urn:b", "picture", "Ảnh chính", "main", 1),
            Association("member", "urn:c", "video", "", "Liên quan", 0),
            Association("member", "urn:d", "composite", "Gói con", "Liên quan", 4),
        ],
        links=[Link("translation-of", "urn:goc")],
    )
    data = newsmlg2.encode_package_item(package)
    newsmlg2.validate(data)
    root = etree.fromstring(data)
    assert root.tag == NAR + "packageItem"
    group_set = root.find(NAR + "groupSet")
    top = group_set.find(NAR + "group")
    assert group_set.get("root") == top.get("id")
    assert [r.get("idref") for r in top] == ["G1", "G2"]
    refs = [r.get("residref") for r in group_set.iter(NAR + "itemRef")]
    assert refs == ["urn:a", "urn:b", "urn:c", "urn:d"]
    assert newsmlg2.decode(data) == [package]


def test_package_positions_are_written_in_order() -> None:
    package = NewsItem(
        guid="urn:p",
        type="composite",
        version_created=datetime(2026, 1, 1, tzinfo=UTC),
        associations=[
            Association("member", "urn:second", position=2),
            Association("member", "urn:first", position=1),
        ],
    )
    root = etree.fromstring(newsmlg2.encode_package_item(package))
    assert [r.get("residref") for r in root.iter(NAR + "itemRef")] == ["urn:first", "urn:second"]
    decoded = newsmlg2.decode(newsmlg2.encode_package_item(package))[0]
    assert [(a.guid, a.position) for a in decoded.associations] == [
        ("urn:first", 1),
        ("urn:second", 2),
    ]


def test_news_message_with_several_items() -> None:
    one = news_item()
    two = news_item(guid="urn:hai", type="picture", body_html="", links=[], associations=[])
    package = NewsItem(
        guid="urn:goi",
        type="composite",
        version_created=datetime(2026, 11, 12, tzinfo=UTC),
        associations=[Association("member", "urn:hai", "picture", "", "main", 0)],
    )
    message = etree.Element(NAR + "newsMessage", nsmap={None: NAR[1:-1]})
    header = etree.SubElement(message, NAR + "header")
    etree.SubElement(header, NAR + "sent").text = "2026-11-12T08:00:00+07:00"
    item_set = etree.SubElement(message, NAR + "itemSet")
    for data in (
        newsmlg2.encode_news_item(one),
        newsmlg2.encode_news_item(two),
        newsmlg2.encode_package_item(package),
    ):
        item_set.append(etree.fromstring(data))
    data = etree.tostring(message, xml_declaration=True, encoding="UTF-8")
    newsmlg2.validate(data)
    assert newsmlg2.decode(data) == [one, two, package]


def test_nfd_input_is_written_and_read_back_as_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Thủ tướng phát biểu")
    item = news_item(headline=nfd, keywords=[nfd], body_html=f"<p>{nfd}</p>")
    decoded = newsmlg2.decode(newsmlg2.encode_news_item(item))[0]
    nfc_text = unicodedata.normalize("NFC", nfd)
    assert decoded.headline == nfc_text and decoded.keywords == [nfc_text]
    assert decoded.body_html == f"<p>{nfc_text}</p>"


def test_minimal_item_and_version_created_fallback() -> None:
    item = NewsItem(guid="urn:min", first_created=datetime(2026, 1, 2, 3, 4, tzinfo=UTC))
    data = newsmlg2.encode_news_item(item)
    newsmlg2.validate(data)
    decoded = newsmlg2.decode(data)[0]
    assert decoded.version_created == item.first_created  # versionCreated is mandatory
    decoded.version_created = None
    assert decoded == item


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"guid": " "}, "guid"),
        ({"version": 0}, "version"),
        ({"urgency": 10}, "urgency"),
        ({"priority": 0}, "priority"),
        ({"pubstatus": "killed"}, "pubstatus"),
        ({"type": "story"}, "type"),
        ({"language": "vi VN"}, "language"),
        ({"subjects": ["medtop:11000000"]}, "subjects[0]"),
        ({"renditions": [Rendition("x", "https://x", width=-1)]}, "renditions[0].width"),
    ],
)
def test_encode_rejects_invalid_items(changes: dict[str, object], path: str) -> None:
    with pytest.raises(FormatError) as error:
        newsmlg2.encode_news_item(news_item(**changes))
    assert error.value.path == path


def test_encode_rejects_unknown_text_format() -> None:
    with pytest.raises(ValueError, match="text_format"):
        newsmlg2.encode_news_item(news_item(), text_format="markdown")


# --- official examples --------------------------------------------------------------------------


@pytest.mark.parametrize("path", VALID_LISTINGS, ids=lambda p: p.name[:12])
def test_copied_examples_validate_and_decode(path: Path) -> None:
    data = path.read_bytes()
    newsmlg2.validate(data)
    items = newsmlg2.decode(data)
    assert len(items) == 1 and items[0].guid


def test_listing_24_is_rejected_by_schema_and_decoder() -> None:
    data = read("LISTING_24_News_Message_conveying_a_complete_News_Package.xml")
    with pytest.raises(FormatError) as error:
        newsmlg2.validate(data)
    assert error.value.path == "/newsMessage/itemSet/packageItem"
    with pytest.raises(FormatError) as error:
        newsmlg2.decode(data)
    assert error.value.path == "/newsMessage/itemSet/packageItem/@guid"


def test_decode_text_example() -> None:
    (item,) = newsmlg2.decode(read("LISTING_2_NewsML-G2_Text_Document.xml"))
    assert item.guid == "urn:newsml:acmenews.com:20161121:US-FINANCE-FED"
    assert item.version == 11 and item.type == "text" and item.language == "en-US"
    assert item.headline == 'Fed to halt QE to avert "bubble"'
    assert item.slugline == "US-Finance-Fed"
    assert item.byline == "Meredith Jameson"  # from creator: no <by>
    assert item.dateline_place == "New York, NY"
    assert item.dateline_date == date(2016, 11, 21)
    assert item.subjects == ["04000000", "20000350", "20000379"]
    assert item.copyright_holder == "Acme News and Media LLC"
    assert item.version_created == datetime(
        2018, 11, 21, 16, 25, 32, tzinfo=timezone(-timedelta(hours=5))
    )
    assert item.body_html.startswith(
        "<p>(New York, NY - October 21) Et, sent luptat luptat, commy Nim"
    )
    assert item.body_html.count("<p>") == 2 and "\n<p>Ugiating" in item.body_html


def test_decode_nitf_inline_example() -> None:
    (item,) = newsmlg2.decode(read("LISTING_22_Sports_story_in_NewsML-G2NITF.xml"))
    assert item.people == ["Doug Davis", "Freddy Garcia"]
    assert item.subjects == ["20000822", "20000849"]
    assert item.dateline_place == "Philadelphia"  # located with a qcode only
    assert item.abstract.startswith("A pair of teams coming off big weekend sweeps will square")
    assert item.body_html.count("<p>") == 6


def test_decode_photo_examples_qcode_and_uri_renditions() -> None:
    (qcodes,) = newsmlg2.decode(read("LISTING_3_Photo_in_NewsML-G2.xml"))
    (uris,) = newsmlg2.decode(read("LISTING_3A_Photo_in_NewsML-G2_(URI_sibling_attributes).xml"))
    assert qcodes.type == "picture"
    assert [r.name for r in qcodes.renditions] == ["original", "baseImage", "thumb"]
    assert [r.name for r in uris.renditions] == ["original", "baseImage", "thumb"]
    assert qcodes.renditions[0] == Rendition(
        "original", "./GYI0062134533.jpg", "image/jpeg", 1500, 1001, 346071
    )
    assert qcodes.places == ["Las Vegas Boulevard", "Las Vegas"]
    assert qcodes.keywords[:2] == ["business", "economic"]
    assert qcodes.credit == "Getty Images"
    assert qcodes.abstract.startswith("A general view of part of downtown,")  # drol:caption
    assert qcodes.usage_terms.startswith("Contact your local office")


def test_decode_video_examples() -> None:
    (video,) = newsmlg2.decode(read("LISTING_4_Multiple_Renditions_of_a_Video_in_NewsML-G2.xml"))
    assert video.type == "video"
    assert [r.name for r in video.renditions] == ["dvd", "HD1080", "HD720"]
    assert video.renditions[1].width == 1920 and video.renditions[1].size == 87591736
    (multi,) = newsmlg2.decode(read("LISTING_5_Multi-part_Video_in_NewsML-G2.xml"))
    assert multi.genre == "biog" and multi.subjects == ["01000000"]
    assert multi.usage_terms.split("\n") == [
        "Access only for Eurovision Members and EVN / EVS Sub-Licensees.",
        "Coverage cannot be used by a national competitor of the contributing broadcaster.",
    ]


def test_decode_package_example() -> None:
    (package,) = newsmlg2.decode(read("LISTING_6_Simple_NewsML-G2_Package.xml"))
    assert package.type == "composite"
    assert [(a.guid, a.type, a.group, a.position) for a in package.associations] == [
        ("urn:newsml:iptc.org:20081007:tutorial-item-A", "text", "main", 0),
        ("urn:newsml:iptc.org:20081007:tutorial—item-B", "picture", "main", 1),
    ]
    assert package.associations[1].headline == "Barack Obama arrive à Washington"


# --- real-world variations ----------------------------------------------------------------------

G2_HEAD = (
    '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x" version="2" '
    'standard="NewsML-G2" standardversion="2.29" xml:lang="vi">'
)


def g2(item_meta: str, content_meta: str = "", extra: str = "") -> bytes:
    return (
        f"{G2_HEAD}{extra}<itemMeta>{item_meta}</itemMeta>"
        f"<contentMeta>{content_meta}</contentMeta></newsItem>"
    ).encode()


META = (
    '<itemClass qcode="ninat:text"/><provider qcode="nprov:AFP"/>'
    "<versionCreated>2026-01-01T00:00:00Z</versionCreated>"
)


def test_subjects_as_qcode_uri_custom_alias_and_same_as() -> None:
    data = g2(
        META,
        '<subject qcode="medtop:20000001"/>'
        '<subject uri="http://cv.iptc.org/newscodes/mediatopic/20000002"/>'
        '<subject qcode="mt:20000003"/>'
        '<subject qcode="dpasubject:553"><sameAs qcode="medtop:20000538"/></subject>'
        '<subject qcode="subj:15007000"/>'
        '<subject type="cpnat:organisation" literal="Bộ Y tế"/>',
        '<catalog><scheme alias="mt" uri="http://cv.iptc.org/newscodes/mediatopic/"/></catalog>',
    )
    (item,) = newsmlg2.decode(data)
    assert item.subjects == ["20000001", "20000002", "20000003", "20000538"]
    assert item.organisations == ["Bộ Y tế"]
    assert item.provider == "AFP"


def test_tolerates_optional_parts_and_whitespace() -> None:
    data = g2(
        '<itemClass uri="http://cv.iptc.org/newscodes/ninature/audio"/><provider/>'
        "<versionCreated>\n  2026-01-01T00:00:00Z  </versionCreated>"
        '<embargoed></embargoed><pubStatus qcode="stat:withheld"/>',
        "<headline>\n   Tin   <span>nóng</span>\n</headline>"
        "<dateline>ĐÀ NẴNG, thứ Hai (TTXVN)</dateline><contentCreated>2026-03</contentCreated>",
    )
    (item,) = newsmlg2.decode(data)
    assert item.type == "audio" and item.pubstatus == "withheld"
    assert item.headline == "Tin nóng"
    assert item.dateline_place == "ĐÀ NẴNG" and item.dateline_date is None
    assert item.embargo_until is None and item.body_html == ""


def test_inline_xhtml_body_is_canonicalised() -> None:
    body = (
        '<contentSet><inlineXML contenttype="application/xhtml+xml">'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title/></head><body>'
        "<div><p>  một\n  <b>hai</b> <i>ba</i></p>bốn<h1>H</h1></div>"
        "</body></html></inlineXML></contentSet>"
    )
    data = g2(META).replace(b"</newsItem>", body.encode() + b"</newsItem>")
    (item,) = newsmlg2.decode(data)
    assert item.body_html == "<p>một <strong>hai</strong> <em>ba</em></p>\n<p>bốn</p>\n<h1>H</h1>"


# --- hostile and invalid input -----------------------------------------------------------------

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="&lol9;" standard="NewsML-G2"
 standardversion="2.35"><itemMeta><itemClass qcode="ninat:text"/></itemMeta></newsItem>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE newsItem [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x" standard="NewsML-G2"
 standardversion="2.35"><itemMeta><itemClass qcode="ninat:text"/><provider/>
 <versionCreated>2026-01-01T00:00:00Z</versionCreated></itemMeta>
 <contentMeta><headline>&xxe;</headline></contentMeta></newsItem>"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE newsItem [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x"/>"""


@pytest.mark.parametrize("function", [newsmlg2.decode, newsmlg2.validate])
@pytest.mark.parametrize("data", [BOMB, XXE, PARAMETER_ENTITY], ids=["bomb", "xxe", "pe"])
def test_entities_are_refused(function: object, data: bytes) -> None:
    start = time.perf_counter()
    with pytest.raises(FormatError, match="entit") as error:
        function(data)  # type: ignore[operator]
    assert time.perf_counter() - start < 1
    assert "root:" not in str(error.value)  # nothing of /etc/passwd leaks into the message


@pytest.mark.parametrize(
    ("data", "message", "path"),
    [
        (b"<newsItem><itemMeta></newsItem>", "malformed XML", "line 1"),
        (b"", "empty document", ""),
        (b"\xff\xfe<", "malformed XML", "line 1"),
        (
            b'<conceptItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x"/>',
            "unexpected root element 'conceptItem'",
            "/conceptItem",
        ),
        (b'<newsItem guid="x"/>', "not in the NewsML-G2 namespace", "/newsItem"),
        (
            b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><itemMeta/></newsItem>',
            "no guid",
            "/newsItem/@guid",
        ),
        (
            b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x"/>',
            "no itemMeta",
            "/newsItem/itemMeta",
        ),
        (g2("<provider/>"), "no itemClass", "/newsItem/itemMeta/itemClass"),
        (
            g2('<itemClass qcode="ninat:event"/>'),
            "unsupported item class 'ninat:event'",
            "/newsItem/itemMeta/itemClass/@qcode",
        ),
        (g2(META, "<urgency>12</urgency>"), "out of range", "/newsItem/contentMeta/urgency"),
        (
            g2(META.replace("2026-01-01T00:00:00Z", "hôm qua")),
            "invalid date-time",
            "/newsItem/itemMeta/versionCreated",
        ),
        (
            g2(META + '<pubStatus qcode="stat:killed"/>'),
            "unknown pubStatus",
            "/newsItem/itemMeta/pubStatus",
        ),
        (
            g2(META).replace(
                b"</newsItem>",
                b'<contentSet><remoteContent href="x" width="wide"/></contentSet></newsItem>',
            ),
            "not an integer",
            "/newsItem/contentSet/remoteContent/@width",
        ),
        (
            b'<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><header/></newsMessage>',
            "without itemSet",
            "/newsMessage/itemSet",
        ),
    ],
)
def test_invalid_documents(data: bytes, message: str, path: str) -> None:
    with pytest.raises(FormatError, match=message) as error:
        newsmlg2.decode(data)
    assert error.value.path == path


def test_second_item_of_a_message_is_named_in_the_path() -> None:
    good = newsmlg2.encode_news_item(news_item()).split(b"?>", 1)[1]
    bad = g2(META, "<urgency>0</urgency>")
    data = (
        b'<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>'
        + good
        + bad
        + b"</itemSet></newsMessage>"
    )
    with pytest.raises(FormatError) as error:
        newsmlg2.decode(data)
    assert error.value.path == "/newsMessage/itemSet/newsItem[2]/contentMeta/urgency"


def test_validate_reports_a_readable_path() -> None:
    data = newsmlg2.encode_news_item(news_item()).replace(b"<urgency>2<", b"<urgency>X<")
    with pytest.raises(FormatError) as error:
        newsmlg2.validate(data)
    assert error.value.path == "/newsItem/contentMeta/urgency"
    assert "{http" not in error.value.message


# --- property: encode -> validate -> decode gives the same item ---------------------------------

newsml_items = news_items(
    version_created=aware_datetimes,  # versionCreated is mandatory
    renditions=st.lists(renditions(hrefs=media_hrefs), max_size=4),  # remoteContent needs an href
    associations=st.lists(associations(groups=st.just("main")), max_size=4),  # no groups
)


@ROUND_TRIP
@given(item=newsml_items, text_format=st.sampled_from(["nitf", "xhtml"]))
def test_property_news_item_round_trip(item: NewsItem, text_format: str) -> None:
    data = newsmlg2.encode_news_item(item, text_format=text_format)
    newsmlg2.validate(data)
    assert diff(newsmlg2.decode(data)[0], item) == {}


@st.composite
def packages(draw: st.DrawFn) -> NewsItem:
    item = draw(newsml_items)
    item.type = "composite"
    item.body_html = ""
    item.renditions = []
    members: list[Association] = []
    for group in draw(
        st.lists(st.sampled_from(["main", "Liên quan", "Ảnh"]), unique=True, max_size=3)
    ):
        for position in sorted(draw(st.sets(st.integers(0, 40), min_size=1, max_size=4))):
            role = draw(st.sampled_from(["member", "featured"]))
            guid, kind, headline = draw(guids), draw(types), draw(optional_lines)
            members.append(Association(role, guid, kind, headline, group, position))
    item.associations = members
    return item


@ROUND_TRIP
@given(item=packages())
def test_property_package_round_trip(item: NewsItem) -> None:
    data = newsmlg2.encode_package_item(item)
    newsmlg2.validate(data)
    assert diff(newsmlg2.decode(data)[0], item) == {}
