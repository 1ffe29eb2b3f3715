"""Domain errors as one translated line a person can act on, with the precise rule after it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from toasoan.core.errors import DomainError


def known_reason(exc: DomainError) -> str | None:
    """The translated reason for the errors people meet in the newsroom pages, else None."""
    return {
        "stale_write": _("Someone changed this item since you loaded it."),
        "locked": _("The item is being edited by someone else."),
        "forbidden": _("You are not allowed to do this."),
        "illegal_transition": _("This is not possible in the item's current state."),
        "not_found": _("Not found."),
    }.get(exc.code)


def error_message(exc: DomainError) -> str:
    lead = known_reason(exc)
    detail = f"{exc.field}: {exc.message}" if exc.field else exc.message
    return f"{lead} ({detail})" if lead else _("Invalid input: %(detail)s") % {"detail": detail}
