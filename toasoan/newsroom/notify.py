"""The one place that tells people something: an in-app Notification row plus an email.

`notify(user, kind, message, item=None, url=None)` is the stable entry point (planning calls it
for assignments). The email goes through Django's email backend after the surrounding
transaction commits, so a rolled-back action sends nothing. Event consumers below notify desk
staff of items sent to their desk and the authors of killed items.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from toasoan.accounts.models import Desk, Membership, User
from toasoan.accounts.privileges import Privilege
from toasoan.core.events import consumer
from toasoan.core.models import DomainEvent
from toasoan.newsroom.models import Item, Notification, Revision

logger = logging.getLogger(__name__)


class Kind:
    """Kinds of notification (stored in Notification.kind)."""

    MENTION = "mention"
    ASSIGNMENT = "assignment"
    SENT_TO_DESK = "sent_to_desk"
    KILLED = "killed"


def item_url(item: Item | int) -> str:
    """The editor of the item, or '' while the editor's route does not exist."""
    pk = item if isinstance(item, int) else item.pk
    try:
        return reverse("newsroom:edit", args=[pk])
    except NoReverseMatch:
        return ""


def notify(
    user: User,
    kind: str,
    message: str,
    item: Item | None = None,
    url: str | None = None,
) -> Notification:
    """Record an in-app notification for `user`; email it after commit if they have an address."""
    link = url if url is not None else (item_url(item) if item is not None else "")
    note = Notification.objects.create(
        user=user, kind=kind, message=message, item=item, url=link[:500]
    )
    if user.email:
        address, language, text = user.email, user.language, message
        transaction.on_commit(lambda: _send_email(address, language, text, link), robust=True)
    return note


def notify_many(
    users: Iterable[User], kind: str, message: str, item: Item | None = None, url: str | None = None
) -> list[Notification]:
    return [notify(u, kind, message, item=item, url=url) for u in users]


def _send_email(address: str, language: str, message: str, link: str) -> None:
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = _("toasoan: %(message)s") % {"message": message[:120]}
        body = message
        if link:
            body += "\n\n" + settings.PUBLIC_BASE_URL.rstrip("/") + link
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # a mail server outage must not lose the in-app notification
        logger.exception("could not email a notification to %s", address)


def desk_recipients(desk: Desk, *, exclude: int | None) -> list[User]:
    """Who handles a desk's incoming work: members of its outlet who may approve or move items."""
    wanted = [Privilege.APPROVE.value, Privilege.MOVE.value]
    memberships = Membership.objects.filter(
        outlet_id=desk.outlet_id, user__is_active=True
    ).select_related("user", "role")
    users = {
        m.user.pk: m.user
        for m in memberships
        if any(p in m.role.privileges for p in wanted) and m.user.pk != exclude
    }
    return sorted(users.values(), key=lambda u: u.username)


@consumer("newsroom.notify_desk", events={"item.submit", "item.move"})
def tell_desk(event: DomainEvent) -> None:
    """Idempotent through events.deliver: a second delivery's rows roll back with its mark."""
    desk_id = event.payload.get("desk")
    if not desk_id:
        return
    item = Item.objects.filter(pk=event.payload["item_id"]).select_related("stage").first()
    desk = Desk.objects.filter(pk=desk_id).first()
    if item is None or desk is None or item.desk_id != desk.pk:
        return  # moved on again since; the later event tells the right desk
    # An item moving along the stages of a desk should not pile up notices: one unread is enough.
    unread = set(
        Notification.objects.filter(
            kind=Kind.SENT_TO_DESK, item=item, read_at__isnull=True
        ).values_list("user_id", flat=True)
    )
    for user in desk_recipients(desk, exclude=event.payload.get("actor_id")):
        if user.pk in unread:
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            where = desk.name + (f" / {item.stage.name}" if item.stage else "")
            message = _("Sent to %(desk)s: %(headline)s") % {
                "desk": where,
                "headline": item.headline or item.guid,
            }
        notify(user, Kind.SENT_TO_DESK, message, item=item)


@consumer("newsroom.notify_kill", events={"item.kill"})
def tell_authors_of_kill(event: DomainEvent) -> None:
    """Everyone who wrote a revision of the item (and its creator) learns that it was killed."""
    item = Item.objects.filter(pk=event.payload["item_id"]).first()
    if item is None:
        return
    author_ids = set(Revision.objects.filter(item=item).values_list("created_by_id", flat=True))
    author_ids.add(item.created_by_id)
    author_ids.discard(event.payload.get("actor_id"))
    reason = event.payload.get("reason") or ""
    for user in User.objects.filter(pk__in=author_ids, is_active=True).order_by("pk"):
        with translation.override(user.language or settings.LANGUAGE_CODE):
            message = _("Killed: %(headline)s — %(reason)s") % {
                "headline": item.headline or item.guid,
                "reason": reason,
            }
        notify(user, Kind.KILLED, message, item=item)
