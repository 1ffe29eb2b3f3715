"""HTTP(S) polling with conditional GET, timeouts, a size limit and few redirects."""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from toasoan import __version__
from toasoan.ingest.fetchers import (
    CONNECT_TIMEOUT,
    MAX_DOCUMENT_BYTES,
    READ_TIMEOUT,
    TOTAL_TIMEOUT,
    Document,
    FetchError,
    too_large,
)

MAX_REDIRECTS = 3


@dataclass
class HttpResult:
    document: Document | None  # None: 304 Not Modified
    etag: str = ""
    last_modified: str = ""


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    limit: int = MAX_DOCUMENT_BYTES,
    connect_timeout: float = CONNECT_TIMEOUT,
    read_timeout: float = READ_TIMEOUT,
    total_timeout: float = TOTAL_TIMEOUT,
) -> HttpResult:
    headers = {"User-Agent": f"toasoan-ingest/{__version__}", "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    timeout = httpx.Timeout(read_timeout, connect=connect_timeout, pool=connect_timeout)
    deadline = time.monotonic() + total_timeout
    try:
        with (
            httpx.Client(
                timeout=timeout, follow_redirects=True, max_redirects=MAX_REDIRECTS, trust_env=False
            ) as client,
            client.stream("GET", url, headers=headers) as response,
        ):
            if response.status_code == 304:
                return HttpResult(None, etag, last_modified)
            if response.status_code != 200:
                raise FetchError(f"HTTP {response.status_code} {response.reason_phrase} from {url}")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise too_large(int(declared), limit)
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise too_large(size, limit)
                if time.monotonic() > deadline:
                    raise FetchError(f"the download took longer than {total_timeout:.0f} s")
                chunks.append(chunk)
            body = b"".join(chunks)
            return HttpResult(
                Document(url, body, response.headers.get("Content-Type", "")),
                response.headers.get("ETag", ""),
                response.headers.get("Last-Modified", ""),
            )
    except httpx.ConnectTimeout:
        raise FetchError(f"no connection to {url} within {connect_timeout:.0f} s") from None
    except httpx.ReadTimeout:
        raise FetchError(f"{url} sent nothing for {read_timeout:.0f} s (read timeout)") from None
    except httpx.TooManyRedirects:
        raise FetchError(f"more than {MAX_REDIRECTS} redirects from {url}") from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"invalid address {url!r}: {exc}") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None
