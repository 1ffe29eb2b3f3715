"""Shared fixtures: a small agency with two outlets, users per role, and an API client."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from toasoan.accounts.actions import ensure_default_roles
from toasoan.accounts.models import Agency, Desk, Membership, Outlet, Stage, User
from toasoan.api.auth import issue_token
from toasoan.demo import organisation
from toasoan.demo.items import Loader, load_specs
from toasoan.search.service import index_items

PASSWORD = "mật-khẩu-thử-nghiệm-2026"


@dataclass
class Org:
    source: Outlet
    a: Outlet
    b: Outlet
    desk_source: Desk
    desk_a: Desk
    desk_a2: Desk
    desk_b: Desk
    users: dict[str, User]

    def user(self, name: str) -> User:
        return self.users[name]


def _user(username: str, outlet: Outlet | None, role: str, roles: dict[str, Any]) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=username)
    Membership.objects.create(user=user, outlet=outlet, role=roles[role])
    return user


def _desk(outlet: Outlet, slug: str) -> Desk:
    desk = Desk.objects.create(outlet=outlet, slug=slug, name=slug.title())
    for i, name in enumerate(("Tiếp nhận", "Biên tập", "Chờ duyệt")):
        Stage.objects.create(desk=desk, name=name, position=i)
    return desk


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Real hashing costs ~0.4 s per user; tests of other things need not pay it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def org(db: Any) -> Org:
    roles = ensure_default_roles()
    agency = Agency.objects.create(name="TTX test", short_name="TTX", domain="test.vn")
    source = Outlet.objects.create(agency=agency, slug="nguon", name="Tin nguồn", kind="source")
    a = Outlet.objects.create(agency=agency, slug="bao-a", name="Báo A", kind="online")
    b = Outlet.objects.create(
        agency=agency, slug="bao-b", name="Báo B", kind="online", language="en"
    )
    users = {
        "src_reporter": _user("src_reporter", source, "reporter", roles),
        "src_chief": _user("src_chief", source, "editor_in_chief", roles),
        "a_reporter": _user("a_reporter", a, "reporter", roles),
        "a_reporter2": _user("a_reporter2", a, "reporter", roles),
        "a_editor": _user("a_editor", a, "editor", roles),
        "a_chief": _user("a_chief", a, "desk_chief", roles),
        "a_eic": _user("a_eic", a, "editor_in_chief", roles),
        "a_admin": _user("a_admin", a, "outlet_admin", roles),
        "b_reporter": _user("b_reporter", b, "reporter", roles),
        "b_chief": _user("b_chief", b, "editor_in_chief", roles),
        "agency_admin": _user("agency_admin", None, "agency_admin", roles),
    }
    return Org(
        source=source,
        a=a,
        b=b,
        desk_source=_desk(source, "trong-nuoc"),
        desk_a=_desk(a, "thoi-su"),
        desk_a2=_desk(a, "kinh-te"),
        desk_b=_desk(b, "news"),
        users=users,
    )


class Api:
    """A Bearer-token client speaking JSON to /api/v1."""

    def __init__(self, user: User):
        self.client = Client()
        self.auth = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user)}"}

    def _call(
        self,
        method: str,
        path: str,
        body: Any = None,
        etag: str | None = None,
        raw: bytes | str | None = None,
        **headers: str,
    ) -> Any:
        extra = {**self.auth, **headers}
        if etag is not None:
            extra["HTTP_IF_MATCH"] = etag
        data = raw if raw is not None else (json.dumps(body) if body is not None else "")
        fn = getattr(self.client, method)
        if method == "get":
            return fn(f"/api/v1{path}", **extra)
        return fn(f"/api/v1{path}", data=data, content_type="application/json", **extra)

    def get(self, path: str, **kw: Any) -> Any:
        return self._call("get", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self._call("post", path, body, **kw)

    def patch(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self._call("patch", path, body, **kw)

    def put(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self._call("put", path, body, **kw)

    def delete(self, path: str, **kw: Any) -> Any:
        return self._call("delete", path, **kw)

    def action(self, item: dict[str, Any], name: str, body: Any = None) -> Any:
        etag = f'"{item["id"]}-{item["revision"]}"'
        return self.post(f"/items/{item['id']}/actions/{name}", body, etag=etag)


@pytest.fixture
def api_for(org: Org) -> Any:
    def make(name: str) -> Api:
        return Api(org.user(name))

    return make


@pytest.fixture(scope="module")
def demo_archive(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[Any]:
    """The demo newsroom, loaded once for the module and removed after it."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        loader = Loader(organisation.build("demo-password-for-tests"))
        loader.run(load_specs())
        index_items([item.pk for item in loader.items.values()])
        key_of = {item.pk: key for key, item in loader.items.items()}
        admin = User.objects.get(username="admin")
    yield admin, key_of
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        # the index's tables that are no model's (flush leaves them)
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                for table in ("search_fts", "search_fts_head"):
                    cursor.execute(f"DELETE FROM {table}")  # noqa: S608
            cursor.execute("DELETE FROM search_bonuswords")


@pytest.fixture
def password() -> str:
    """The password of every user the `org` fixture makes."""
    return PASSWORD
