"""Zalo Official Account articles (Zalo OA Open API v2.0, "Article" APIs).

POST {base}/article/create with header access_token and a JSON article: type "normal", title
(max 150), author (max 50), cover {cover_type "photo", photo_url, status}, description (max 300),
body [{type "text", content} | {type "image", url, caption}], status "show"/"hide", comment
"show"/"hide". Zalo answers {"error": 0, "message": "Success", "data": {"token": ...}} and builds
the article in the background; POST {base}/article/verify {"token"} gives its id. Corrections use
article/update (id + the full article), kills article/remove {"id"}. Errors come as HTTP 200 with
{"error": <negative code>, "message": ...}.

Config: access_token (OA access token), base_url (https://openapi.zalo.me/v2.0), author (else
the byline, else the outlet), default_cover_url (Zalo requires a cover; used when the item has no
image), comment (show/hide, default show), timeout (15 s), variant (social).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import lxml.html
from django.utils import translation
from django.utils.translation import gettext

from toasoan.core.errors import InvalidInput
from toasoan.distribution.channels import http
from toasoan.distribution.channels.connectors import (
    ConnectorError,
    Post,
    Remote,
    check_timeout,
    optional_url,
    register,
    require_str,
)
from toasoan.formats.adapter import absolute

BASE_URL = "https://openapi.zalo.me/v2.0"
_TOKEN = "token:"  # noqa: S105 (a prefix: remote id of an article still being built)
_TEXT_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "pre"})


def blocks(body_html: str) -> list[dict[str, str]]:
    """The article body as Zalo body blocks: one text block per paragraph, one per picture."""
    if not body_html.strip():
        return []
    root = lxml.html.fragment_fromstring(body_html, create_parent="div")
    out: list[dict[str, str]] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "img" and el.get("src"):
            out.append({"type": "image", "url": absolute(el.get("src", "")),
                        "caption": el.get("alt", "")})  # fmt: skip
        elif el.tag in _TEXT_TAGS and not any(a.tag in _TEXT_TAGS for a in el.iterancestors()):
            text = " ".join(el.text_content().split())
            if text:
                out.append({"type": "text", "content": text})
    return out


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@register
class ZaloConnector:
    kind = "zalo-oa"
    platform = "zalo"
    variant = "social"

    def check_config(self, config: Mapping[str, Any]) -> None:
        if not require_str(config, "access_token").isascii():
            raise InvalidInput("must be the OA access token (ASCII)", field="config.access_token")
        optional_url(config, "base_url", BASE_URL)
        check_timeout(config)
        if config.get("comment", "show") not in ("show", "hide"):
            raise InvalidInput("must be show or hide", field="config.comment")
        if config.get("default_cover_url"):
            optional_url(config, "default_cover_url", "")

    def _call(self, config: Mapping[str, Any], path: str, data: Mapping[str, Any]) -> Any:
        self.check_config(config)
        answer = http.call(
            "POST",
            f"{optional_url(config, 'base_url', BASE_URL)}/{path}",
            body=http.json_body(data),
            headers={
                "Content-Type": "application/json",
                "access_token": config["access_token"].strip(),
            },
            timeout=check_timeout(config),
        )
        reply = answer.data if isinstance(answer.data, dict) else {}
        if answer.status != 200 or reply.get("error", -1) != 0:
            message = reply.get("message") or answer.text[:300] or f"HTTP {answer.status}"
            raise ConnectorError(
                f"Zalo {path}: {message} (error {reply.get('error', answer.status)})",
                retryable=answer.status in http.RETRYABLE_STATUS,
                status=str(reply.get("error", answer.status)),
            )
        return reply.get("data") or {}

    def article(self, config: Mapping[str, Any], post: Post) -> dict[str, Any]:
        cover = post.image_url or config.get("default_cover_url") or ""
        if not cover:
            raise ConnectorError("Zalo articles need a cover image: the item has none and "
                                 "config.default_cover_url is not set")  # fmt: skip
        body = blocks(post.body_html)
        if post.note and post.action == "correct":
            with translation.override(post.language or "vi"):
                label = gettext("Correction: %(note)s") % {"note": post.note}
            body.insert(0, {"type": "text", "content": label})
        if post.url:
            body.append({"type": "text", "content": post.url})
        author = str(config.get("author") or post.byline or post.outlet_slug)
        return {
            "type": "normal",
            "title": _cut(post.headline, 150),
            "author": _cut(author, 50),
            "cover": {"cover_type": "photo", "photo_url": cover, "status": "show"},
            "description": _cut(post.summary or post.headline, 300),
            "body": body or [{"type": "text", "content": post.summary or post.headline}],
            "status": "show",
            "comment": config.get("comment", "show"),
        }

    def _verified(self, config: Mapping[str, Any], token: str) -> Remote:
        data = self._call(config, "article/verify", {"token": token})
        article_id = str(data.get("id") or "")
        if not article_id:
            raise ConnectorError(f"Zalo article/verify gave no id for token {token[:20]}…")
        return Remote(remote_id=article_id, url=str(data.get("link") or data.get("url") or ""))

    def publish(self, config: Mapping[str, Any], post: Post) -> Remote:
        data = self._call(config, "article/create", self.article(config, post))
        token = str(data.get("token") or "")
        if not token:
            raise ConnectorError("Zalo article/create answered without a token")
        try:
            return self._verified(config, token)
        except ConnectorError:
            # The article exists but Zalo is still building it: keep the token (a retry would
            # post it twice) and ask for the id when it is next needed.
            return Remote(remote_id=f"{_TOKEN}{token}")

    def _resolved(self, config: Mapping[str, Any], remote: Remote) -> Remote:
        if not remote.remote_id.startswith(_TOKEN):
            return remote
        try:
            return self._verified(config, remote.remote_id.removeprefix(_TOKEN))
        except ConnectorError as exc:
            raise ConnectorError(str(exc), retryable=True, status=exc.status) from None

    def update(self, config: Mapping[str, Any], post: Post, remote: Remote) -> Remote | None:
        remote = self._resolved(config, remote)
        self._call(config, "article/update", {"id": remote.remote_id, **self.article(config, post)})
        return remote

    def remove(self, config: Mapping[str, Any], post: Post, remote: Remote) -> bool:
        remote = self._resolved(config, remote)
        self._call(config, "article/remove", {"id": remote.remote_id})
        return True
