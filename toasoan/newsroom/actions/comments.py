"""Comments on items: add (with @mentions that notify), resolve and reopen."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from toasoan.accounts import audit, permissions
from toasoan.accounts.models import Membership, User
from toasoan.accounts.privileges import Privilege
from toasoan.core import events
from toasoan.core.errors import InvalidInput, NotFound
from toasoan.core.text import clean_text
from toasoan.newsroom.access import ensure_readable
from toasoan.newsroom.models import Comment, Item
from toasoan.newsroom.notify import Kind, notify

MAX_BODY = 5000
# "@name" not glued to a word before it (so e-mail addresses are not mentions); usernames hold
# letters, digits and . _ - (a trailing . or - is sentence punctuation, stripped below).
MENTION = re.compile(r"(?<![\w@])@([\w.\-]+)")


def mention_candidates(item: Item) -> list[User]:
    """Users who may be mentioned on an item: active members of its outlet or agency-wide."""
    members = Membership.objects.filter(Q(outlet_id=item.outlet_id) | Q(outlet__isnull=True))
    return list(
        User.objects.filter(is_active=True, pk__in=members.values("user_id")).order_by("username")
    )


def parse_mentions(body: str, item: Item) -> list[User]:
    """Mentioned usernames that exist and can read the item; unknown names stay plain text."""
    names = {m.rstrip(".-") for m in MENTION.findall(body)}
    if not names:
        return []
    users = User.objects.filter(username__in=names, is_active=True).order_by("username")
    return [u for u in users if permissions.has(u, Privilege.READ, item.outlet_id)]


def _load(item: Item | int, by: User) -> Item:
    pk = item if isinstance(item, int) else item.pk
    fresh = Item.objects.select_related("outlet").filter(pk=pk).first()
    if fresh is None:
        raise NotFound(f"item {pk} does not exist")
    ensure_readable(by, fresh)
    permissions.require(by, Privilege.COMMENT, fresh.outlet)
    return fresh


@transaction.atomic
def add_comment(item: Item | int, *, by: User, body: str) -> Comment:
    """Add a plain-text comment; everyone @mentioned (who can read the item) is notified."""
    item = _load(item, by)
    text = clean_text(body or "", field="body", multiline=True).strip()
    if not text:
        raise InvalidInput("is required", field="body")
    if len(text) > MAX_BODY:
        raise InvalidInput(f"is longer than {MAX_BODY} characters", field="body")
    comment = Comment.objects.create(item=item, author=by, body=text)
    mentioned = parse_mentions(text, item)
    comment.mentions.set(mentioned)
    audit.record(
        by,
        "comment",
        object_type="item",
        object_id=item.pk,
        outlet=item.outlet,
        before=None,
        after={"comment": comment.pk, "body": text},
        details={"comment": comment.pk, "mentions": [u.username for u in mentioned]},
    )
    events.emit(
        "item.comment",
        item_id=item.pk,
        comment_id=comment.pk,
        actor_id=by.pk,
        mentions=[u.pk for u in mentioned],
    )
    excerpt = text if len(text) <= 140 else text[:139] + "…"
    for user in mentioned:
        if user.pk == by.pk:
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            message = _("%(author)s mentioned you on “%(headline)s”: %(excerpt)s") % {
                "author": by.display_name(),
                "headline": item.headline or item.guid,
                "excerpt": excerpt,
            }
        notify(user, Kind.MENTION, message, item=item)
    return comment


def _comment_for_write(comment: Comment | int, by: User) -> Comment:
    pk = comment if isinstance(comment, int) else comment.pk
    fresh = Comment.objects.select_for_update().filter(pk=pk).first()
    if fresh is None:
        raise NotFound(f"comment {pk} does not exist")
    _load(fresh.item_id, by)
    return fresh


@transaction.atomic
def resolve_comment(comment: Comment | int, *, by: User, resolved: bool = True) -> Comment:
    """Mark a comment resolved (or reopen it with resolved=False); repeating is harmless."""
    comment = _comment_for_write(comment, by)
    if comment.is_resolved == resolved:
        return comment
    before = {"resolved": comment.is_resolved}
    comment.resolved_at = timezone.now() if resolved else None
    comment.resolved_by = by if resolved else None
    comment.save(update_fields=["resolved_at", "resolved_by"])
    action = "comment_resolve" if resolved else "comment_reopen"
    item = comment.item
    audit.record(
        by,
        action,
        object_type="item",
        object_id=item.pk,
        outlet=item.outlet,
        before=before,
        after={"resolved": resolved},
        details={"comment": comment.pk},
    )
    events.emit(f"item.{action}", item_id=item.pk, comment_id=comment.pk, actor_id=by.pk)
    return comment
