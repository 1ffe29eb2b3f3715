"""The "feed" channel: the outlet's public RSS, Atom, JSON Feed and news sitemap (feeds.py
serves them). Nothing is sent anywhere; publishing records that the item is listed there."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse

from toasoan.core.errors import InvalidInput
from toasoan.distribution.channels.connectors import Post, Remote, register
from toasoan.formats.adapter import absolute


@register
class FeedConnector:
    kind = "feed"
    platform = "feed"
    variant = "web"

    def check_config(self, config: Mapping[str, Any]) -> None:
        if "variant" in config and config["variant"] not in (
            "web",
            "app-push",
            "social",
            "newsletter",
        ):
            raise InvalidInput(
                "must be web, app-push, social or newsletter", field="config.variant"
            )

    def publish(self, config: Mapping[str, Any], post: Post) -> Remote:
        url = reverse("channel-feeds:rss", kwargs={"outlet_slug": post.outlet_slug})
        return Remote(remote_id=post.guid, url=absolute(url))

    def update(self, config: Mapping[str, Any], post: Post, remote: Remote) -> Remote | None:
        return self.publish(config, post)

    def remove(self, config: Mapping[str, Any], post: Post, remote: Remote) -> bool:
        return True  # a killed or recalled item is no longer public, so the feeds drop it
