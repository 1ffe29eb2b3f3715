"""State changes of the organisation: desks, stages, users and memberships; all audited."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from toasoan.accounts import audit, permissions
from toasoan.accounts.models import Desk, Membership, Outlet, Role, Stage, User
from toasoan.accounts.privileges import DEFAULT_ROLES, Privilege
from toasoan.core.errors import Conflict, Forbidden, InvalidInput
from toasoan.core.text import clean_text

DEFAULT_STAGES = ("Tiếp nhận", "Đang biên tập", "Chờ duyệt")


def ensure_default_roles() -> dict[str, Role]:
    roles = {}
    for slug, (name_vi, name_en, privileges) in DEFAULT_ROLES.items():
        role, _ = Role.objects.update_or_create(
            slug=slug,
            defaults={
                "name_vi": name_vi,
                "name_en": name_en,
                "privileges": sorted(p.value for p in privileges),
            },
        )
        roles[slug] = role
    return roles


@transaction.atomic
def create_desk(
    *, by: User, outlet: Outlet, slug: str, name: str, stages: tuple[str, ...] = DEFAULT_STAGES
) -> Desk:
    permissions.require(by, Privilege.MANAGE_DESKS, outlet)
    name = clean_text(name, field="name").strip()
    if not name:
        raise InvalidInput("is required", field="name")
    if Desk.objects.filter(outlet=outlet, slug=slug).exists():
        raise Conflict(f"outlet {outlet.slug} already has a desk '{slug}'", field="slug")
    desk = Desk.objects.create(outlet=outlet, slug=slug, name=name)
    for position, stage_name in enumerate(stages):
        Stage.objects.create(desk=desk, name=stage_name, position=position)
    audit.record(
        by,
        "create_desk",
        object_type="desk",
        object_id=desk.pk,
        outlet=outlet,
        after={"slug": slug, "name": name, "stages": list(stages)},
    )
    return desk


@transaction.atomic
def create_stage(*, by: User, desk: Desk, name: str) -> Stage:
    permissions.require(by, Privilege.MANAGE_DESKS, desk.outlet)
    name = clean_text(name, field="name").strip()
    if not name:
        raise InvalidInput("is required", field="name")
    position = desk.stages.count()
    try:
        with transaction.atomic():
            stage = Stage.objects.create(desk=desk, name=name, position=position)
    except IntegrityError as exc:
        raise Conflict(f"desk already has a stage '{name}'", field="name") from exc
    audit.record(
        by,
        "create_stage",
        object_type="stage",
        object_id=stage.pk,
        outlet=desk.outlet,
        after={"desk": desk.pk, "name": name},
    )
    return stage


@transaction.atomic
def create_user(
    *,
    by: User | None,
    username: str,
    password: str,
    full_name: str = "",
    email: str = "",
    memberships: dict[Outlet | None, Role] | None = None,
    is_superuser: bool = False,
) -> User:
    """Create a user; `by=None` is the command line (createadmin, demo)."""
    for outlet in memberships or {}:
        if by is not None:
            if outlet is None:
                if not permissions.is_agency_wide(by, Privilege.MANAGE_USERS):
                    raise Forbidden("only agency admins grant agency-wide roles", field="roles.*")
            else:
                permissions.require(by, Privilege.MANAGE_USERS, outlet)
    username = clean_text(username, field="username").strip()
    if not username:
        raise InvalidInput("is required", field="username")
    if User.objects.filter(username=username).exists():
        raise Conflict(f"user '{username}' already exists", field="username")
    try:
        validate_password(password)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), field="password") from exc
    user = User.objects.create_user(
        username=username,
        password=password,
        email=email,
        full_name=clean_text(full_name, field="full_name"),
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    for outlet, role in (memberships or {}).items():
        Membership.objects.create(user=user, outlet=outlet, role=role)
    audit.record(
        by,
        "create_user",
        object_type="user",
        object_id=user.pk,
        after={
            "username": username,
            "roles": {(o.slug if o else "*"): r.slug for o, r in (memberships or {}).items()},
        },
    )
    return user
