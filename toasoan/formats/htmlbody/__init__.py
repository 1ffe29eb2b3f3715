"""The body of an item (HTML) as NITF block content or XHTML, and back; NITF and NewsML-G2
(which carries either inline) share it.

    html_to_nitf(body_html, dst)   HTML -> NITF block content appended to dst (body.content)
    html_to_xhtml(body_html, dst)  HTML -> XHTML elements appended to dst (an XHTML body)
    markup_to_html(*containers)    NITF block content or an XHTML body -> canonical HTML

Body HTML <-> NITF block content: p, h2 (h1/h3-h6 as hl2 class="hN"), ul/ol/li, blockquote
(bq/block), strong/b (em class="bold"), em/i (em), a (href, title), br, span lang (lang),
table (caption, thead, tbody, tr, th, td with colspan/rowspan), pre, hr, figure/img (media
media-type="image"; data-item-guid and data-role as media-metadata). Other inline tags (u, s, sub,
sup, code, span) keep their text only.

Body HTML <-> XHTML: known tags and their attributes are copied (write.py lists them), other tags
keep their content.

Decoded HTML is canonical (top-level blocks separated by a newline, XML whitespace collapsed,
text NFC) and is NOT sanitised: the caller sanitises it.
"""

from toasoan.formats.htmlbody.read import markup_to_html
from toasoan.formats.htmlbody.write import NITF_NS, XHTML_NS, html_to_nitf, html_to_xhtml

__all__ = ["NITF_NS", "XHTML_NS", "html_to_nitf", "html_to_xhtml", "markup_to_html"]
