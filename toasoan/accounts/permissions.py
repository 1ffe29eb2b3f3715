"""Who may do what where: privileges come from a user's roles per outlet (or agency-wide)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from toasoan.accounts.models import Membership, Outlet, User
from toasoan.accounts.privileges import Privilege
from toasoan.core.errors import Forbidden

_AGENCY = 0  # key for agency-wide memberships in the per-user cache
_ALL = frozenset(p.value for p in Privilege)


def _table(user: User) -> dict[int, frozenset[str]]:
    cached: dict[int, frozenset[str]] | None = getattr(user, "_toasoan_privileges", None)
    if cached is None:
        cached = {}
        for outlet_id, privileges in Membership.objects.filter(user=user).values_list(
            "outlet_id", "role__privileges"
        ):
            cached[outlet_id or _AGENCY] = frozenset(privileges)
        user._toasoan_privileges = cached  # type: ignore[attr-defined]
    return cached


def forget(user: User) -> None:
    """Drop the cached privileges (after a membership change)."""
    if hasattr(user, "_toasoan_privileges"):
        del user._toasoan_privileges


def privileges_in(user: User, outlet_id: int) -> frozenset[str]:
    if not user.is_active:
        return frozenset()
    if user.is_superuser:
        return _ALL
    table = _table(user)
    return table.get(outlet_id, frozenset()) | table.get(_AGENCY, frozenset())


def has(user: User, privilege: Privilege, outlet: Outlet | int) -> bool:
    outlet_id = outlet if isinstance(outlet, int) else outlet.pk
    return privilege.value in privileges_in(user, outlet_id)


def require(user: User, privilege: Privilege, outlet: Outlet | int) -> None:
    if not has(user, privilege, outlet):
        name = outlet.slug if isinstance(outlet, Outlet) else f"#{outlet}"
        raise Forbidden(
            f"you lack the '{privilege.value}' privilege in outlet {name}", code="forbidden"
        )


def is_agency_wide(user: User, privilege: Privilege) -> bool:
    return user.is_superuser or privilege.value in _table(user).get(_AGENCY, frozenset())


def outlets_with(user: User, privilege: Privilege) -> QuerySet[Outlet]:
    """Outlets in which the user holds the privilege."""
    if is_agency_wide(user, privilege):
        return Outlet.objects.all()
    return Outlet.objects.filter(pk__in=member_outlet_ids(user, privilege))


def member_outlet_ids(user: User, privilege: Privilege) -> list[int]:
    """Ids of the outlets whose membership gives the user the privilege (agency-wide
    memberships aside), without a query once the user's memberships are read."""
    return [oid for oid, privs in _table(user).items() if oid and privilege.value in privs]


def readable_items_filter(user: User) -> Q:
    """Items a user may see: every item of outlets they read, and what is public everywhere."""
    public = Q(state__in=["published", "corrected"])
    if is_agency_wide(user, Privilege.READ):
        return Q()
    return public | Q(outlet_id__in=member_outlet_ids(user, Privilege.READ))
