"""Which desk and stage an incoming item goes to: the feed's first matching rule, else defaults."""

from __future__ import annotations

from dataclasses import dataclass

from toasoan.accounts.models import Desk, Outlet, Stage
from toasoan.core.text import fold
from toasoan.formats.model import NewsItem
from toasoan.ingest.models import Feed, RoutingRule
from toasoan.vocabularies import mediatopics


@dataclass(frozen=True)
class Route:
    outlet: Outlet
    desk: Desk | None
    stage: Stage | None
    auto_publish: bool
    rule: RoutingRule | None


def _subject_match(rule_codes: list[str], item_codes: list[str]) -> bool:
    wanted: set[str] = set()
    for code in rule_codes:
        if mediatopics.is_known(code):
            wanted |= mediatopics.narrower(code)
    return any(c in wanted for c in item_codes)


def matches(rule: RoutingRule, item: NewsItem) -> bool:
    if rule.languages:
        primary = (item.language or "").split("-")[0].lower()
        if primary not in {lang.split("-")[0].lower() for lang in rule.languages}:
            return False
    if rule.types and item.type not in rule.types:
        return False
    if rule.subjects and not _subject_match(rule.subjects, item.subjects):
        return False
    if rule.urgency_min is not None or rule.urgency_max is not None:
        if item.urgency is None:
            return False
        if rule.urgency_min is not None and item.urgency < rule.urgency_min:
            return False
        if rule.urgency_max is not None and item.urgency > rule.urgency_max:
            return False
    headline = fold(item.headline)
    if rule.headline_contains and fold(rule.headline_contains) not in headline:
        return False
    if rule.keywords:
        have = {fold(k) for k in item.keywords}
        if not any(fold(k) in have or fold(k) in headline for k in rule.keywords):
            return False
    return True


def route(feed: Feed, item: NewsItem) -> Route:
    rules = RoutingRule.objects.filter(feed=feed).select_related("desk__outlet", "stage")
    for rule in rules:
        if matches(rule, item):
            return Route(rule.desk.outlet, rule.desk, rule.stage, rule.auto_publish, rule)
    return Route(feed.outlet, feed.desk, None, False, None)
