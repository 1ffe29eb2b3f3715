"""IPTC NewsML-G2 2.35 (Power conformance), both directions.

    encode_news_item(item, text_format="nitf") -> bytes    a newsItem
    encode_package_item(item) -> bytes                      a packageItem (associations as groupSet)
    decode(data) -> list[NewsItem]                          newsItem, packageItem or newsMessage
    validate(data) -> None                                  against the official XSD, offline

The field mapping is documented in encode.py; toasoan's own schemes in codes.py.
"""

from toasoan.formats.newsmlg2.decode import decode
from toasoan.formats.newsmlg2.encode import encode_news_item, encode_package_item
from toasoan.formats.newsmlg2.validate import validate

__all__ = ["decode", "encode_news_item", "encode_package_item", "validate"]
