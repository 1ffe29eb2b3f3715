"""Recognising what ingest has seen before: the text hash of a story, and its duplicates."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from toasoan.core.html import to_text
from toasoan.ingest.models import Feed, IngestedItem

_SPACE = re.compile(r"\s+")


def text_hash(headline: str, body_html: str) -> str:
    """SHA-256 of the normalised headline and body text (NFC, case-folded, single-spaced), so the
    same story sent by two partners with different markup or spacing hashes the same."""
    text = f"{headline}\n{to_text(body_html)}"
    normal = _SPACE.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()
    return hashlib.sha256(normal.encode()).hexdigest()


def original_of(feed: Feed, digest: str) -> IngestedItem | None:
    """The first record of the same text received from another feed (another partner)."""
    return (
        IngestedItem.objects.filter(text_hash=digest, duplicate_of__isnull=True)
        .exclude(feed=feed)
        .order_by("received_at", "id")
        .first()
    )
