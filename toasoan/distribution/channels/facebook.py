"""Facebook Page posts (Graph API).

New post: POST {base}/{version}/{page-id}/feed with message, link and the Page access token
(form-encoded); Graph answers {"id": "<page-id>_<post-id>"}. With post_as "photo" (and an image)
it is POST {base}/{version}/{page-id}/photos with url and caption (the link in the caption);
Graph answers {"id": "<photo-id>", "post_id": "<page-id>_<post-id>"}. A correction edits the post's
message (POST {base}/{version}/{post-id}); a kill deletes it (DELETE {base}/{version}/{post-id}).
Errors: {"error": {"message", "type", "code", "fbtrace_id"}} with an HTTP 4xx/5xx status.

Config: page_id, access_token (Page token), base_url (https://graph.facebook.com), api_version
(v21.0), post_as ("link" or "photo"), timeout (15 s), variant (social).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from typing import Any

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

BASE_URL = "https://graph.facebook.com"
API_VERSION = "v21.0"
# Graph error codes a later attempt may cure: unknown/service errors, throttling.
_TRANSIENT_CODES = frozenset({1, 2, 4, 17, 32, 341, 368, 613})


def message(post: Post) -> str:
    parts = [post.headline, post.summary]
    if post.action == "correct" and post.note:
        with translation.override(post.language or "vi"):
            parts.append(gettext("Correction: %(note)s") % {"note": post.note})
    return "\n\n".join(p for p in parts if p)


@register
class FacebookConnector:
    kind = "facebook-page"
    platform = "facebook"
    variant = "social"

    def check_config(self, config: Mapping[str, Any]) -> None:
        page = require_str(config, "page_id")
        if not page.isdigit():
            raise InvalidInput("must be the numeric Page id", field="config.page_id")
        if not require_str(config, "access_token").isascii():
            raise InvalidInput("must be the Page access token (ASCII)", field="config.access_token")
        optional_url(config, "base_url", BASE_URL)
        version = config.get("api_version", API_VERSION)
        if not isinstance(version, str) or not re.fullmatch(r"v\d+\.\d+", version):
            raise InvalidInput("must look like v21.0", field="config.api_version")
        if config.get("post_as", "link") not in ("link", "photo"):
            raise InvalidInput("must be link or photo", field="config.post_as")
        check_timeout(config)

    def _call(
        self, config: Mapping[str, Any], method: str, path: str, fields: Mapping[str, str]
    ) -> dict[str, Any]:
        self.check_config(config)
        base = optional_url(config, "base_url", BASE_URL)
        url = f"{base}/{config.get('api_version', API_VERSION)}/{path}"
        form = {**fields, "access_token": config["access_token"].strip()}
        encoded = urllib.parse.urlencode(form)
        if method == "DELETE":
            answer = http.call("DELETE", f"{url}?{encoded}", timeout=check_timeout(config))
        else:
            answer = http.call(
                method,
                url,
                body=encoded.encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                timeout=check_timeout(config),
            )
        reply = answer.data if isinstance(answer.data, dict) else {}
        if answer.status != 200 or "error" in reply:
            found = reply.get("error")
            error: dict[str, Any] = found if isinstance(found, dict) else {}
            code = error.get("code")
            text = error.get("message") or answer.text[:300] or f"HTTP {answer.status}"
            raise ConnectorError(
                f"Facebook: {text} ({error.get('type', 'HTTP')} {code or answer.status})",
                retryable=answer.status >= 500 or code in _TRANSIENT_CODES,
                status=str(code or answer.status),
            )
        return reply

    def publish(self, config: Mapping[str, Any], post: Post) -> Remote:
        page = config["page_id"].strip()
        if config.get("post_as") == "photo" and post.image_url:
            caption = "\n\n".join(p for p in (message(post), post.url) if p)
            reply = self._call(
                config, "POST", f"{page}/photos", {"url": post.image_url, "caption": caption}
            )
            post_id = str(reply.get("post_id") or "")
        else:
            fields = {"message": message(post)}
            if post.url:
                fields["link"] = post.url
            reply = self._call(config, "POST", f"{page}/feed", fields)
            post_id = str(reply.get("id") or "")
        if not post_id:
            raise ConnectorError("Facebook answered without a post id")
        return Remote(remote_id=post_id, url=f"https://www.facebook.com/{post_id}")

    def update(self, config: Mapping[str, Any], post: Post, remote: Remote) -> Remote | None:
        self._call(config, "POST", remote.remote_id, {"message": message(post)})
        return remote

    def remove(self, config: Mapping[str, Any], post: Post, remote: Remote) -> bool:
        self._call(config, "DELETE", remote.remote_id, {})
        return True
