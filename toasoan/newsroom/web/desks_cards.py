"""HTML of desk cards, built in Python: a desk view can hold 500 cards, and the template engine
spends about a millisecond per card where string building spends a few microseconds. The markup
matches desks_columns.html (classes from base.css; every value escaped with html.escape, which
also quotes " and ', and is several times faster than Django's lazy-aware escape)."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from toasoan.newsroom.web.desks_board import Card


class CardRenderer:
    """Translated labels looked up once per request, then one string per card."""

    def __init__(self) -> None:
        self.urgency = escape(_("Urgency"))
        self.u = escape(_("U"))
        self.locked_by = escape(_("Locked by"))
        self.embargo = escape(_("Embargo"))
        self.move = escape(_("Move to…"))

    def card(self, c: Card) -> str:
        title = escape(c.headline or c.slugline or "—")
        badges = [
            f'<span class="badge badge-type">{escape(c.type_label)}</span>',
            f'<span class="badge urgency-{c.urgency}" title="{self.urgency}">{self.u}{c.urgency}'
            "</span>",
            f'<span class="badge state-{escape(c.state)}">{escape(c.state_label)}</span>',
        ]
        if c.language:
            badges.append(f'<span class="badge">{escape(c.language)}</span>')
        if c.lock_holder:
            badges.append(
                f'<span class="badge badge-lock">{self.locked_by} {escape(c.lock_holder)}</span>'
            )
        if c.embargo:
            badges.append(f'<span class="badge badge-embargo">{self.embargo} {c.embargo}</span>')
        if c.edit_url:
            head = f'<a class="headline" href="{escape(c.edit_url)}">{title}</a>'
        else:
            head = f'<span class="headline">{title}</span>'
        who = f" · {escape(c.changed_by)}" if c.changed_by else ""
        move = ""
        if c.movable:
            move = (
                f'<button type="button" class="btn btn-small move-btn" id="move-{c.pk}" '
                f'aria-haspopup="dialog">{self.move}<span class="sr-only"> {title}</span></button>'
            )
        drag = ' draggable="true"' if c.movable else ""
        return (
            f'<li class="item-card" id="card-{c.pk}" data-item="{c.pk}" '
            f'data-revision="{c.revision}" data-outlet="{c.outlet_id}" '
            f'data-stage="{c.stage_id}"{drag}><div class="badges">{"".join(badges)}</div>{head}'
            f'<div class="card-meta"><span><span title="{c.changed_at}">'
            f"{escape(c.changed_ago)}</span> · {c.changed_at}{who}</span>{move}</div></li>"
        )

    def cards(self, cards: list[Card]) -> SafeString:
        return mark_safe("".join(self.card(c) for c in cards))  # noqa: S308  (escaped above)
