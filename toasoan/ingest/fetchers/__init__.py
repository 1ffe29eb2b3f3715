"""Getting documents from partners: HTTP polling, and pick-up from a folder, SFTP or FTP server.

Every fetcher bounds its waits (connect and read timeouts, an overall deadline) and the size of
what it reads, and raises FetchError with a message fit for the feed's "last error".
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0
TOTAL_TIMEOUT = 120.0
MAX_FILES_PER_POLL = 200
DONE, FAILED = "done", "failed"


class FetchError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Document:
    name: str
    data: bytes
    content_type: str = ""


def too_large(size: int, limit: int = MAX_DOCUMENT_BYTES) -> FetchError:
    return FetchError(f"the document is larger than the limit of {limit} bytes ({size}+ bytes)")
