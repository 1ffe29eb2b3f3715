"""The ingest service user: the `by` of every newsroom action ingest takes, one per agency.

It cannot log in (no usable password) and holds the ingest role only in the outlets a feed or a
routing rule sends items to; the membership is granted by the feed actions, which check that the
person configuring the feed may manage ingest in that outlet.
"""

from __future__ import annotations

from django.db import transaction

from toasoan.accounts import permissions
from toasoan.accounts.models import Agency, Membership, Outlet, Role, User
from toasoan.accounts.privileges import Privilege

ROLE_SLUG = "ingest_service"
# What turning a partner's story into a newsroom item, updating, publishing (auto-publish rules)
# and withdrawing it needs; nothing of management, locks or audit.
ROLE_PRIVILEGES = sorted(
    p.value
    for p in (
        Privilege.READ,
        Privilege.CREATE,
        Privilege.EDIT,
        Privilege.SUBMIT,
        Privilege.MOVE,
        Privilege.PUBLISH,
        Privilege.CORRECT,
        Privilege.KILL,
        Privilege.SPIKE,
    )
)


def ingest_role() -> Role:
    role, _ = Role.objects.update_or_create(
        slug=ROLE_SLUG,
        defaults={
            "name_vi": "Tiếp nhận tin tự động",
            "name_en": "Ingest service",
            "privileges": ROLE_PRIVILEGES,
        },
    )
    return role


def service_user(agency: Agency) -> User:
    username = f"ingest-{agency.pk}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=f"Ingest · {agency.short_name}", language="vi")
        user.set_unusable_password()
        user.save()
    return user


@transaction.atomic
def grant(outlet: Outlet) -> User:
    """Make sure the agency's ingest user may write into `outlet`; returns the user."""
    user = service_user(outlet.agency)
    role = ingest_role()
    membership = Membership.objects.filter(user=user, outlet=outlet).first()
    if membership is None:
        Membership.objects.create(user=user, outlet=outlet, role=role)
    elif membership.role_id != role.pk:
        membership.role = role
        membership.save(update_fields=["role"])
    permissions.forget(user)
    return user
