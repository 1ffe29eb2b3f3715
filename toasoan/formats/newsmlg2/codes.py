"""Namespaces, scheme aliases and the code mappings NewsML-G2 encode and decode share.

IPTC codes are used wherever IPTC has one (ninat, stat, medtop, cpnat, drol, rnd, irel). What
IPTC has no code for is expressed with toasoan's own schemes, declared in an inline <catalog> in
every item we write, so the QCodes resolve without fetching anything:

    tsrel   lineage link relations other than update-of   tsrel:correction-of, tsrel:taken-from …
    tsasc   association roles                             tsasc:featured, tsasc:embedded …
    tsprop  extension properties (contentMetaExtProperty)   tsprop:priority
    tsrnd   rendition names without an IPTC code          tsrnd:crop-16-9
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from toasoan.vocabularies import mediatopics

NAR_NS = "http://iptc.org/std/nar/2006-10-01/"
STANDARD = "NewsML-G2"
STANDARD_VERSION = "2.35"
CONFORMANCE = "power"
IPTC_CATALOG = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_41.xml"
NEWSITEM_CONTENTTYPE = "application/vnd.iptc.g2.newsitem+xml"
PACKAGEITEM_CONTENTTYPE = "application/vnd.iptc.g2.packageitem+xml"
NITF_CONTENTTYPE = "application/nitf+xml"
XHTML_CONTENTTYPE = "application/xhtml+xml"

_CV = "http://cv.iptc.org/newscodes/"
MEDTOP = mediatopics.URI_PREFIX
NINAT = _CV + "ninature/"
STAT = _CV + "pubstatusg2/"
CPNAT = _CV + "cpnature/"
DROL = _CV + "descriptionrole/"
RND = _CV + "rendition/"
IREL = _CV + "itemrelation/"
GENRE = _CV + "genre/"

# The project's own vocabularies (URIs identify them; nothing is fetched from them).
TOASOAN_CV = "urn:x-toasoan:cv:"
TSREL = TOASOAN_CV + "itemrelation:"
TSASC = TOASOAN_CV + "associationrole:"
TSPROP = TOASOAN_CV + "property:"
TSRND = TOASOAN_CV + "rendition:"
TOASOAN_SCHEMES = {"tsrel": TSREL, "tsasc": TSASC, "tsprop": TSPROP, "tsrnd": TSRND}

# Aliases of the IPTC catalog (catalog.IPTC-G2-Standards_41.xml) that decoding resolves; an
# item's own inline <catalog> can add or override aliases.
DEFAULT_SCHEMES = {
    "medtop": MEDTOP,
    "ninat": NINAT,
    "stat": STAT,
    "cpnat": CPNAT,
    "drol": DROL,
    "rnd": RND,
    "irel": IREL,
    "genre": GENRE,
    "subj": _CV + "subjectcode/",
    "nprov": _CV + "newsprovider/",
    **TOASOAN_SCHEMES,
}

ITEM_TYPES = ("text", "picture", "video", "audio", "graphic", "composite")
PRIORITY = "priority"

# toasoan rendition name <-> IPTC rendition code (rnd:)
RENDITIONS = {
    "thumbnail": "thumbnail",
    "viewImage": "preview",
    "baseImage": "web",
    "original": "highRes",
}
RENDITIONS_BACK = {v: k for k, v in RENDITIONS.items()}

# toasoan link relation <-> IPTC item relation (irel:); the others use tsrel:
LINK_RELS = {"update-of": "previousVersion"}
LINK_RELS_BACK = {v: k for k, v in LINK_RELS.items()}


def code(text: str) -> str:
    """A string as the code part of a QCode (no whitespace; reversible with `uncode`)."""
    return quote(text, safe="")


def uncode(text: str) -> str:
    return unquote(text)


def rendition_qcode(name: str) -> str:
    iptc = RENDITIONS.get(name)
    return f"rnd:{iptc}" if iptc else f"tsrnd:{code(name)}"


def link_qcode(rel: str) -> str:
    iptc = LINK_RELS.get(rel)
    return f"irel:{iptc}" if iptc else f"tsrel:{code(rel)}"
