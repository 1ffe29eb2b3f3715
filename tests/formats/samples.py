"""What the format tests share: one full sample item and the hypothesis strategies for news items.

`full_item()` sets every field the formats map (Vietnamese text, two Media Topics, aware times,
renditions, associations, links); a test changes what it needs with `full_item(headline=...)`.

`news_items()` draws whole items. Its arguments say what the format carries: `exact_text` for a
format that keeps text as given (JSON: any spacing), otherwise text is single-spaced lines as XML
keeps them; `omit` names the fields a format does not carry (left at their defaults);
any other keyword replaces the strategy for that field (a format's own limits).
"""

from __future__ import annotations

import html
import json
import unicodedata
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta, timezone
from importlib.resources import files
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from toasoan.formats.model import ITEM_TYPES, PUBSTATUSES, Association, Link, NewsItem, Rendition

ICT = timezone(timedelta(hours=7))  # Vietnam (Indochina Time)
MEDIA_TOPICS: list[str] = sorted(
    c["code"]
    for c in json.loads(
        files("toasoan.vocabularies").joinpath("data", "mediatopics.json").read_text("utf-8")
    )["concepts"]
)  # every code, retired ones included
LINK_RELS = ("update-of", "correction-of", "translation-of", "taken-from")  # toasoan lineage
LANGUAGES = ("vi", "en", "fr", "en-GB", "zh-Hans", "")
GENRES = ("", "news", "analysis", "feature", "interview")
RENDITION_NAMES = ("thumbnail", "viewImage", "baseImage", "original", "crop-16-9")
GROUPS = ("main", "phụ", "Liên quan", "2", "a-1", "")
# Fixed offsets (half and three-quarter hours too) and a named zone.
ZONES = (
    UTC,
    ICT,
    timezone(timedelta(hours=-5)),
    timezone(timedelta(hours=-3, minutes=-30)),
    timezone(timedelta(hours=5, minutes=45)),
    ZoneInfo("Asia/Ho_Chi_Minh"),
)
# Property-test settings: every round trip encodes, validates against a schema and decodes.
ROUND_TRIP = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def full_item(**changes: Any) -> NewsItem:
    """A text item with every mapped field set; `changes` replace fields."""
    item = NewsItem(
        guid="urn:newsml:ttxvn.vn:20261112:7f3a",
        version=3,
        type="text",
        language="vi",
        pubstatus="usable",
        headline="Quốc hội thảo luận kinh tế - xã hội & ngân sách",
        slugline="QH-KINHTE",
        byline="Nguyễn Thị Hằng/TTXVN",
        dateline_place="HÀ NỘI",
        dateline_date=date(2026, 11, 12),
        abstract="Sáng 12/11, Quốc hội thảo luận.\nDòng thứ hai của tóm tắt.",
        body_html=(
            '<p>Đoạn <strong>đậm</strong>, <em>nghiêng</em> và <a href="https://ttxvn.vn/a?b=1&amp;c=2"'
            ' title="Nguồn">liên kết</a>.</p>\n<h2>Tiêu đề phụ</h2>\n<h3>Cấp ba</h3>\n'
            "<ul><li>một</li><li>hai <strong>đậm</strong></li></ul>\n<ol><li>thứ nhất</li></ol>\n"
            "<blockquote><p>Trích dẫn</p></blockquote>\n"
            "<table><thead><tr><th>Chỉ số</th><th>2026</th></tr></thead>"
            '<tbody><tr><td>GDP</td><td colspan="1">8,6%</td></tr></tbody></table>\n'
            '<figure data-item-guid="urn:newsml:ttxvn.vn:20261112:anh1">'
            '<img src="https://cdn.ttxvn.vn/a.jpg" alt="Ảnh"><figcaption>Toàn cảnh phiên họp'
            "</figcaption></figure>\n<p>dòng<br>mới</p>"
        ),
        urgency=2,
        priority=5,
        genre="news",
        subjects=["11000000", "20000523"],
        places=["Hà Nội", "Việt Nam"],
        people=["Trần Thanh Mẫn"],
        organisations=["Quốc hội"],
        keywords=["kinh tế", "ngân sách"],
        credit="TTXVN",
        copyright_holder="Thông tấn xã Việt Nam",
        copyright_notice="© 2026 TTXVN. Bảo lưu mọi quyền.",
        usage_terms="Chỉ dùng cho thành viên.\nKhông lưu trữ.",
        embargo_until=datetime(2026, 11, 12, 9, 0, tzinfo=ICT),
        first_created=datetime(2026, 11, 12, 0, 45, tzinfo=UTC),
        version_created=datetime(2026, 11, 12, 8, 30, 15, 250000, tzinfo=ICT),
        ednote="Sửa lỗi chính tả ở đoạn 2.",
        provider="Thông tấn xã Việt Nam",
        renditions=[
            Rendition("thumbnail", "https://cdn.ttxvn.vn/t.jpg", "image/jpeg", 160, 90, 4096),
            Rendition("crop-16-9", "https://cdn.ttxvn.vn/c.jpg", "image/jpeg", 1600, 900, 9123),
        ],
        associations=[
            Association("featured", "urn:newsml:ttxvn.vn:20261112:anh1", "picture", "Toàn cảnh"),
            Association("embedded", "urn:newsml:ttxvn.vn:20261112:vid1", "video", position=1),
            Association("member", "urn:newsml:ttxvn.vn:20261112:t1", group="phụ-lục", position=2),
        ],
        links=[
            Link("update-of", "urn:newsml:ttxvn.vn:20261111:cu"),
            Link("correction-of", "urn:newsml:ttxvn.vn:20261111:sai"),
        ],
    )
    for key, value in changes.items():
        setattr(item, key, value)
    return item


def diff(a: NewsItem, b: NewsItem, ignore: Iterable[str] = ()) -> dict[str, tuple[Any, Any]]:
    """The fields (but those in `ignore`) in which two items differ: {name: (a's, b's)}."""
    skip = set(ignore)
    return {
        name: (getattr(a, name), getattr(b, name))
        for name in a.__dataclass_fields__
        if name not in skip and getattr(a, name) != getattr(b, name)
    }


# --- hypothesis building blocks ----------------------------------------------------------------


def _vietnamese_letters() -> str:
    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    toned = [
        unicodedata.normalize("NFC", vowel + mark)
        for vowel in "aăâeêioôơuưy"
        for mark in ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền sắc hỏi ngã nặng
    ]
    lower = letters + "".join(toned)
    return lower + lower.upper()


# Letters with every tone in both cases, digits and punctuation, XML's special characters included.
VI = _vietnamese_letters() + "0123456789.,;:!?%/()&<>\"'-–—“”«»"


def vietnamese_text(
    min_size: int = 0, max_size: int = 40, newlines: bool = False
) -> SearchStrategy[str]:
    """Any string of Vietnamese letters, digits, punctuation and spaces, spaced as drawn."""
    return st.text(VI + (" \n" if newlines else " "), min_size=min_size, max_size=max_size)


def optional(strategy: SearchStrategy[Any]) -> SearchStrategy[Any]:
    return st.none() | strategy


words = st.text(VI, min_size=1, max_size=10)  # one word, no white space
lines = st.lists(words, min_size=1, max_size=6).map(" ".join)  # single-spaced, as XML keeps
optional_lines = st.just("") | lines
paragraphs = st.just("") | st.lists(lines, min_size=1, max_size=3).map("\n".join)
media_topics = st.sampled_from(MEDIA_TOPICS)
types = st.sampled_from(ITEM_TYPES)
guids = st.text("0123456789abcdef", min_size=1, max_size=12).map(
    lambda h: f"urn:newsml:ttxvn.vn:20261112:{h}"
)
dates = st.dates(min_value=date(1900, 1, 1))
# From 1976: Ho Chi Minh City last changed its offset in 1975, and a time in a repeated hour
# never equals one in another zone.
aware_datetimes = st.datetimes(
    min_value=datetime(1976, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.sampled_from(ZONES)
)

media_hrefs = st.text("abcxyz019-_", min_size=1, max_size=20).map(
    lambda p: f"https://cdn.ttxvn.vn/2026/11/{p}.jpg"
)
optional_media_hrefs = st.just("") | media_hrefs
association_groups = st.sampled_from(GROUPS) | words


def renditions(
    names: SearchStrategy[str] = words, hrefs: SearchStrategy[str] = optional_media_hrefs
) -> SearchStrategy[Rendition]:
    dimension = optional(st.integers(0, 100_000))
    return st.builds(
        Rendition,
        name=st.sampled_from(RENDITION_NAMES) | names,
        href=hrefs,
        mime=st.sampled_from(["", "image/jpeg", "image/webp", "video/mp4", "audio/mpeg"]),
        width=dimension,
        height=dimension,
        size=optional(st.integers(0, 2**40)),
    )


def associations(
    headlines: SearchStrategy[str] = optional_lines,
    groups: SearchStrategy[str] = association_groups,
) -> SearchStrategy[Association]:
    return st.builds(
        Association,
        role=st.sampled_from(["featured", "embedded", "member"]),
        guid=guids,
        type=types,
        headline=headlines,
        group=groups,
        position=st.integers(0, 500),
    )


links = st.builds(Link, rel=st.sampled_from(LINK_RELS), guid=guids)


# Body HTML in the canonical form the XML formats read back: one block a line.
def _escape(text: str) -> str:
    return html.escape(text, quote=False)


_hrefs = guids | lines.map(lambda s: f"https://vnanet.vn/{s[:5]}")
_inline = st.lists(
    st.one_of(
        lines.map(_escape),
        lines.map(lambda s: f"<strong>{_escape(s)}</strong>"),
        lines.map(lambda s: f"<em>{_escape(s)}</em>"),
        st.tuples(_hrefs, lines).map(
            lambda a: f'<a href="{html.escape(a[0])}">{_escape(a[1])}</a>'
        ),
    ),
    min_size=1,
    max_size=4,
).map(" ".join)


def _items(tag: str, inner: str) -> Callable[[list[str]], str]:
    return lambda parts: (
        f"<{tag}>" + "".join(f"<{inner}>{p}</{inner}>" for p in parts) + f"</{tag}>"
    )


def _table(rows: list[list[str]], tbody: bool) -> str:
    cells = "".join("<tr>" + "".join(f"<td>{_escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><tbody>{cells}</tbody></table>" if tbody else f"<table>{cells}</table>"


_blocks = st.one_of(
    _inline.map(lambda s: f"<p>{s}</p>"),
    _inline.map(lambda s: f"<h2>{s}</h2>"),
    _inline.map(lambda s: f"<h3>{s}</h3>"),
    st.lists(_inline, min_size=1, max_size=3).map(_items("ul", "li")),
    st.lists(_inline, min_size=1, max_size=3).map(_items("ol", "li")),
    st.lists(_inline, min_size=1, max_size=2).map(_items("blockquote", "p")),
    st.builds(
        _table,
        st.lists(st.lists(lines, min_size=1, max_size=3), min_size=1, max_size=3),
        st.booleans(),
    ),
    st.tuples(guids, lines).map(
        lambda g: (
            f'<figure><img src="https://cdn.ttxvn.vn/{g[0][-6:]}.jpg" alt="{html.escape(g[1])}">'
            f"<figcaption>{_escape(g[1])}</figcaption></figure>"
        )
    ),
)
html_bodies = st.just("") | st.lists(_blocks, min_size=1, max_size=5).map("\n".join)


def news_items(
    *, exact_text: bool = False, omit: Iterable[str] = (), **fields: SearchStrategy[Any]
) -> SearchStrategy[NewsItem]:
    """News items with every field drawn but those in `omit`; `fields` replace field strategies.

    exact_text: the format keeps text as given (JSON): any spacing, names of spaces only, raw
    text as a body paragraph. Otherwise (XML) text is "" or single-spaced lines, with line breaks
    where the field keeps them, and the body is canonical HTML.
    """
    if exact_text:
        line, multiline = vietnamese_text(), vietnamese_text(newlines=True)
        word = vietnamese_text(min_size=1, max_size=20)
        names, body = word, html_bodies | line.map(lambda t: f"<p>{t}</p>")
    else:
        line, multiline, word, names, body = optional_lines, paragraphs, words, lines, html_bodies
    strategies: dict[str, SearchStrategy[Any]] = {
        "guid": guids,
        "version": st.integers(1, 10_000),
        "type": types,
        "language": st.sampled_from(LANGUAGES),
        "pubstatus": st.sampled_from(PUBSTATUSES),
        "headline": line,
        "slugline": line,
        "byline": line,
        "dateline_place": line,
        "dateline_date": optional(dates),
        "abstract": multiline,
        "body_html": body,
        "urgency": optional(st.integers(1, 9)),
        "priority": optional(st.integers(1, 9)),
        "genre": st.sampled_from(GENRES) | line,
        "subjects": st.lists(media_topics, max_size=4),
        "places": st.lists(names, max_size=3),
        "people": st.lists(names, max_size=3),
        "organisations": st.lists(names, max_size=3),
        "keywords": st.lists(names, max_size=4),
        "credit": line,
        "copyright_holder": line,
        "copyright_notice": multiline,
        "usage_terms": multiline,
        "embargo_until": optional(aware_datetimes),
        "first_created": optional(aware_datetimes),
        "version_created": optional(aware_datetimes),
        "ednote": multiline,
        "provider": line,
        "renditions": st.lists(renditions(word), max_size=4),
        "associations": st.lists(associations(line, st.sampled_from(GROUPS) | word), max_size=4),
        "links": st.lists(links, max_size=3),
    }
    unknown = (set(omit) | set(fields)) - set(strategies)
    if unknown:
        raise TypeError(f"not NewsItem fields: {sorted(unknown)}")
    strategies.update(fields)
    for name in omit:
        del strategies[name]
    return st.builds(NewsItem, **strategies)
