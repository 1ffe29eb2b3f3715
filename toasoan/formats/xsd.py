"""Offline XML Schema validation: the schemas ship in toasoan/formats/schemas and are never
fetched; each is loaded once, lazily, and shared (NITF, NewsML-G2)."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

from lxml import etree

from toasoan.formats.model import FormatError
from toasoan.formats.xmlsafe import Element, xpath_of

__all__ = ["SCHEMA_DIR", "XsdValidator"]

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"

_CLARK = re.compile(r"\{[^}]*\}")


class XsdValidator:
    """An XML Schema loaded once (lazily, offline) and shared; validation is serialised."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._schema: Any = None

    def _load(self) -> Any:
        if self._schema is None:
            parser = etree.XMLParser(no_network=True, resolve_entities=False)
            self._schema = etree.XMLSchema(etree.parse(str(self.path), parser))
        return self._schema

    def validate(self, root: Element) -> None:
        with self._lock:
            schema = self._load()
            if schema.validate(root):
                return
            error = schema.error_log[0]
        path = error.path or ""
        try:
            found = root.getroottree().xpath(path) if path else []
        except etree.XPathError:
            found = []
        if found and isinstance(found, list):
            path = xpath_of(found[0])
        message = _CLARK.sub("", error.message)
        raise FormatError(f"schema: {message} (line {error.line})", path)
