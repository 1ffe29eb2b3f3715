"""Turn the demo content files into items, through the same actions the newsroom uses."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from importlib import resources
from typing import Any

from django.utils import timezone

from toasoan.accounts.models import Desk, Outlet, User
from toasoan.demo import pictures
from toasoan.newsroom import actions
from toasoan.newsroom.actions import media as media_actions
from toasoan.newsroom.models import Item

FIELDS = (
    "headline",
    "slugline",
    "byline",
    "dateline_place",
    "abstract",
    "body_html",
    "urgency",
    "priority",
    "genre",
    "subjects",
    "places",
    "people",
    "organisations",
    "keywords",
    "language",
)
FILES = ("items_vi.json", "items_en.json", "items_fr.json")


def load_specs() -> list[dict[str, Any]]:
    specs: list[dict[str, Any]] = []
    folder = resources.files("toasoan.demo") / "content"
    for name in FILES:
        specs.extend(json.loads((folder / name).read_text(encoding="utf-8")))
    return specs


def _order(specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sources before the items that refer to them (translations, copies, packages)."""
    by_key = {s["key"]: s for s in specs}
    done: set[str] = set()
    ordered: list[dict[str, Any]] = []

    def visit(spec: dict[str, Any]) -> None:
        if spec["key"] in done:
            return
        done.add(spec["key"])
        refs = [spec.get("translation_of"), spec.get("taken_from")]
        refs += [m for g in spec.get("members") or [] for m in g["members"]]
        for ref in refs:
            if ref and ref in by_key:
                visit(by_key[ref])
        ordered.append(spec)

    for spec in specs:
        visit(spec)
    return ordered


class Loader:
    def __init__(self, users: dict[str, dict[str, User]]):
        self.users = users
        self.items: dict[str, Item] = {}
        self.now = timezone.now()

    def chief(self, outlet: str) -> User:
        return self.users[outlet]["editor_in_chief"]

    def reporter(self, outlet: str) -> User:
        return self.users[outlet]["reporter"]

    def fields(self, spec: dict[str, Any]) -> dict[str, Any]:
        values = {k: spec[k] for k in FIELDS if spec.get(k) is not None}
        if spec["type"] != "text" and spec.get("caption"):
            values.setdefault("abstract", spec["caption"])
        return values

    def create(self, spec: dict[str, Any]) -> Item:
        """A first version, then the reporter's save (a second revision), then any embargo."""
        outlet = Outlet.objects.get(slug=spec["outlet"])
        desk = Desk.objects.get(outlet=outlet, slug=spec["desk"])
        author, chief = self.reporter(spec["outlet"]), self.chief(spec["outlet"])
        fields = self.fields(spec)
        source = self.items.get(spec.get("taken_from") or "")
        original = self.items.get(spec.get("translation_of") or "")
        if source is not None:
            item = actions.take(source, by=chief, outlet=outlet, desk=desk)
        elif original is not None:
            item = actions.translate(
                original, by=chief, language=spec["language"], outlet=outlet, desk=desk
            )
        elif spec["type"] in ("picture", "graphic", "audio"):
            item = self._upload(spec, outlet, desk, author)
        else:
            first: dict[str, Any] = {
                k: fields[k] for k in ("headline", "slugline", "language") if k in fields
            }
            if spec["state"] == "draft":
                first = fields
            item = actions.create(
                by=author, outlet=outlet, type=spec["type"], desk=desk, fields=first
            )
        if spec["state"] != "draft":
            item = actions.save(item, by=author, fields=fields, expected_revision=None)
        if spec.get("embargo_in_hours"):
            embargo = self.now + timedelta(hours=spec["embargo_in_hours"])
            item = actions.save(
                item, by=chief, fields={"embargo_until": embargo}, expected_revision=None
            )
        return item

    def _upload(self, spec: dict[str, Any], outlet: Outlet, desk: Desk, author: User) -> Item:
        if spec["type"] == "audio":
            data, kind = pictures.tone(hz=330 + 20 * len(self.items)), "audio"
        else:
            kind = spec["type"]
            data = pictures.picture(
                spec.get("picture") or {},
                spec.get("caption") or spec["headline"],
                graphic=kind == "graphic",
            )
        return media_actions.upload(
            by=author,
            outlet=outlet,
            stream=io.BytesIO(data),
            size=len(data),
            filename=f"{spec['key']}.bin",
            declared_kind=kind,
            desk=desk,
            # A draft gets no second save, so its own fields go in with the upload.
            fields=self.fields(spec) if spec["state"] == "draft" else None,
        )

    def link_members(self, spec: dict[str, Any]) -> None:
        rows = [
            {"role": "member", "item_id": self.items[key].pk, "group": g["group"], "position": i}
            for g in spec.get("members") or []
            for i, key in enumerate(g["members"])
            if key in self.items
        ]
        if rows:
            actions.set_associations(
                self.items[spec["key"]],
                by=self.chief(spec["outlet"]),
                rows=rows,
                expected_revision=None,
            )

    def advance(self, spec: dict[str, Any]) -> None:
        """Walk the item through the workflow to the state the spec names."""
        target, item = spec["state"], self.items[spec["key"]]
        author, chief = self.reporter(spec["outlet"]), self.chief(spec["outlet"])
        if target == "draft":
            return
        if target == "spiked":
            actions.spike(item, by=chief, expected_revision=None)
            return
        if target == "in_progress":
            return
        item = actions.submit(item, by=author, expected_revision=None)
        if target == "submitted":
            return
        item = actions.approve(item, by=chief, expected_revision=None)
        if target == "ready":
            return
        if target == "scheduled":
            when = self.now + timedelta(hours=spec.get("schedule_in_hours") or 6)
            actions.schedule(item, by=chief, expected_revision=None, publish_at=when)
            return
        item = actions.publish(item, by=chief, expected_revision=None)
        if target == "corrected":
            actions.correct(
                item,
                by=chief,
                expected_revision=None,
                note=spec.get("correction_note") or "Đính chính",
                fields={},
            )
        elif target == "killed":
            actions.kill(item, by=chief, expected_revision=None, reason=spec["kill_reason"])
        elif target == "recalled":
            actions.recall(item, by=chief, expected_revision=None, reason="")

    def run(self, specs: list[dict[str, Any]]) -> int:
        """Sources come first, so each is in its final state before copies are taken from it."""
        for spec in _order(specs):
            self.items[spec["key"]] = self.create(spec)
            if spec["type"] == "composite":
                self.link_members(spec)
            self.advance(spec)
        return len(self.items)
