"""Body HTML is sanitised with nh3 to the newsroom's allowed set."""

from __future__ import annotations

import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "blockquote",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "figure",
    "figcaption",
    "img",
    "hr",
    "pre",
    "code",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "data-item-guid"},
    "figure": {"data-item-guid", "data-role"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "span": {"lang"},
    "p": {"lang"},
    "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto", "urn"}

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def sanitize(html: str) -> str:
    """Strip scripts, event handlers, styles and unknown tags; keep the structure editors use."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def to_text(html: str) -> str:
    """Plain text of sanitised HTML (for word counts, diffs and digests)."""
    text = _TAG.sub(" ", html)
    text = text.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<")
    return _SPACE.sub(" ", text.replace("&gt;", ">").replace("&quot;", '"')).strip()
