"""Tokens, the signed-in user, outlets, desks, stages, users (admin) and the audit log."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest, StreamingHttpResponse
from ninja import Query, Router, Schema
from pydantic import ConfigDict, Field, StrictStr

from toasoan.accounts import actions, audit, permissions
from toasoan.accounts.models import AuditEntry, Desk, Outlet, Role, Stage, User
from toasoan.accounts.privileges import Privilege
from toasoan.api.auth import issue_token_row, user_of
from toasoan.core.errors import Forbidden, InvalidInput, NotAuthenticated, NotFound

router = Router(tags=["organisation"])
public = Router(tags=["auth"])


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class TokenIn(Strict):
    username: StrictStr
    password: StrictStr
    name: StrictStr = "api"


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"  # noqa: S105
    expires_at: str | None


@public.post("/auth/token", response={201: TokenOut}, auth=None, summary="Get a personal token")
def token(request: HttpRequest, payload: TokenIn) -> tuple[int, dict[str, Any]]:
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None or not user.is_active:
        audit.record(None, "login_failed", object_type="user", object_id=payload.username[:64])
        raise NotAuthenticated("wrong username or password", field="password")
    raw, row = issue_token_row(user, payload.name[:100])
    audit.record(user, "issue_token", object_type="user", object_id=user.pk)
    return 201, {"token": raw, "expires_at": row.expires_at.isoformat() if row.expires_at else None}


def _outlet_row(o: Outlet) -> dict[str, Any]:
    return {"id": o.pk, "slug": o.slug, "name": o.name, "kind": o.kind, "language": o.language}


@router.get("/me", summary="The signed-in user with roles per outlet")
def me(request: HttpRequest) -> dict[str, Any]:
    user = user_of(request)
    roles = [
        {"outlet": m.outlet_id, "role": m.role.slug, "privileges": m.role.privileges}
        for m in user.memberships.select_related("role")
    ]
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "language": user.language,
        "is_superuser": user.is_superuser,
        "roles": roles,
    }


@router.get("/outlets", summary="Outlets of the agency")
def outlets(request: HttpRequest) -> list[dict[str, Any]]:
    return [_outlet_row(o) for o in Outlet.objects.order_by("id")]


@router.get("/outlets/{outlet_id}")
def outlet(request: HttpRequest, outlet_id: int) -> dict[str, Any]:
    o = Outlet.objects.filter(pk=outlet_id).first()
    if o is None:
        raise NotFound(f"outlet {outlet_id} does not exist")
    return _outlet_row(o)


def _desk_row(d: Desk) -> dict[str, Any]:
    return {
        "id": d.pk,
        "outlet": d.outlet_id,
        "slug": d.slug,
        "name": d.name,
        "stages": [{"id": s.pk, "name": s.name, "position": s.position} for s in d.stages.all()],
    }


@router.get("/desks", summary="Desks with their stages")
def desks(request: HttpRequest, outlet: int | None = None) -> list[dict[str, Any]]:
    qs = Desk.objects.prefetch_related("stages").order_by("outlet_id", "id")
    if outlet is not None:
        qs = qs.filter(outlet_id=outlet)
    return [_desk_row(d) for d in qs]


class DeskIn(Strict):
    outlet: int
    slug: str = Field(pattern=r"^[a-z0-9-]{1,40}$")
    name: StrictStr
    stages: list[StrictStr] | None = None


@router.post("/desks", response={201: dict}, summary="Create a desk (manage_desks)")
def create_desk(request: HttpRequest, payload: DeskIn) -> tuple[int, dict[str, Any]]:
    o = Outlet.objects.filter(pk=payload.outlet).first()
    if o is None:
        raise InvalidInput("no such outlet", field="outlet")
    stages = tuple(payload.stages) if payload.stages else actions.DEFAULT_STAGES
    desk = actions.create_desk(
        by=user_of(request),
        outlet=o,
        slug=payload.slug,
        name=payload.name,
        stages=stages,
    )
    return 201, _desk_row(desk)


class StageIn(Strict):
    desk: int
    name: StrictStr


@router.post("/stages", response={201: dict}, summary="Add a stage to a desk (manage_desks)")
def create_stage(request: HttpRequest, payload: StageIn) -> tuple[int, dict[str, Any]]:
    desk = Desk.objects.select_related("outlet").filter(pk=payload.desk).first()
    if desk is None:
        raise InvalidInput("no such desk", field="desk")
    stage = actions.create_stage(by=user_of(request), desk=desk, name=payload.name)
    return 201, {"id": stage.pk, "desk": desk.pk, "name": stage.name, "position": stage.position}


@router.get("/stages", summary="Stages of a desk")
def stages(request: HttpRequest, desk: int) -> list[dict[str, Any]]:
    return [
        {"id": s.pk, "desk": s.desk_id, "name": s.name, "position": s.position}
        for s in Stage.objects.filter(desk_id=desk).order_by("position")
    ]


@router.get("/users", summary="Users of the outlets you manage")
def users(request: HttpRequest) -> list[dict[str, Any]]:
    user = user_of(request)
    managed = permissions.outlets_with(user, Privilege.MANAGE_USERS)
    if not managed.exists() and not user.is_superuser:
        raise Forbidden("you lack the 'manage_users' privilege")
    qs = User.objects.prefetch_related("memberships__role").order_by("username")
    if not permissions.is_agency_wide(user, Privilege.MANAGE_USERS):
        qs = qs.filter(memberships__outlet__in=managed).distinct()
    return [
        {
            "id": u.pk,
            "username": u.username,
            "full_name": u.full_name,
            "is_active": u.is_active,
            "roles": [{"outlet": m.outlet_id, "role": m.role.slug} for m in u.memberships.all()],
        }
        for u in qs
    ]


class UserIn(Strict):
    username: str = Field(pattern=r"^[\w.@+-]{2,150}$")
    password: StrictStr
    full_name: StrictStr = ""
    email: StrictStr = ""
    roles: dict[str, str] = Field(description="outlet id (or '*' for agency-wide) -> role slug")


@router.post("/users", response={201: dict}, summary="Create a user with roles (manage_users)")
def create_user(request: HttpRequest, payload: UserIn) -> tuple[int, dict[str, Any]]:
    if not permissions.outlets_with(user_of(request), Privilege.MANAGE_USERS).exists():
        raise Forbidden("you lack the 'manage_users' privilege")
    memberships: dict[Outlet | None, Role] = {}
    for key, slug in payload.roles.items():
        role = Role.objects.filter(slug=slug).first()
        if role is None:
            raise InvalidInput(f"unknown role '{slug}'", field=f"roles.{key}")
        outlet_obj = (
            None
            if key == "*"
            else Outlet.objects.filter(pk=int(key) if key.isdigit() else -1).first()
        )
        if key != "*" and outlet_obj is None:
            raise InvalidInput("no such outlet", field=f"roles.{key}")
        memberships[outlet_obj] = role
    if not memberships:
        raise InvalidInput("give the user at least one role", field="roles")
    new = actions.create_user(
        by=user_of(request),
        username=payload.username,
        password=payload.password,
        full_name=payload.full_name,
        email=payload.email,
        memberships=memberships,
    )
    return 201, {"id": new.pk, "username": new.username}


class AuditQuery(Schema):
    object_type: str | None = None
    object_id: str | None = None
    action: str | None = None
    after_seq: int = 0
    limit: int = Field(100, ge=1, le=1000)


def _audit_scope(user: User, query: AuditQuery) -> Any:
    if permissions.is_agency_wide(user, Privilege.VIEW_AUDIT):
        qs = AuditEntry.objects.all()
    else:
        allowed = permissions.outlets_with(user, Privilege.VIEW_AUDIT)
        if not allowed.exists():
            raise Forbidden("you lack the 'view_audit' privilege")
        qs = AuditEntry.objects.filter(outlet__in=allowed)
    for name in ("object_type", "object_id", "action"):
        if value := getattr(query, name):
            qs = qs.filter(**{name: value})
    return qs.filter(seq__gt=query.after_seq).order_by("seq")


@router.get("/audit", summary="The audit log (view_audit), oldest first after a sequence number")
def audit_log(request: HttpRequest, query: Query[AuditQuery]) -> dict[str, Any]:
    rows = list(_audit_scope(user_of(request), query)[: query.limit])
    return {
        "entries": [audit.as_row(e) for e in rows],
        "next_after_seq": rows[-1].seq if len(rows) == query.limit else None,
    }


@router.get("/audit/export", summary="Export the audit log as JSON lines (view_audit)")
def audit_export(request: HttpRequest, query: Query[AuditQuery]) -> StreamingHttpResponse:
    qs = _audit_scope(user_of(request), query)

    def lines() -> Iterator[str]:
        for e in qs.iterator(chunk_size=1000):
            yield json.dumps(audit.as_row(e), ensure_ascii=False) + "\n"

    response = StreamingHttpResponse(lines(), content_type="application/x-ndjson")
    response["Content-Disposition"] = 'attachment; filename="audit.jsonl"'
    return response
