"""Recurring events: validate an RRULE and expand it into occurrences inside a window.

Occurrences are computed in Asia/Ho_Chi_Minh wall time (the configured zone), so a weekly
09:00 briefing stays at 09:00 local time. Sub-daily frequencies are refused: a budget has no use
for them and they would make windows expensive to expand."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from dateutil import rrule
from django.utils import timezone

from toasoan.core.errors import InvalidInput

ALLOWED_FREQ = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
MAX_OCCURRENCES = 500  # per expanded window
_UNTIL = re.compile(r"UNTIL=(\d{8})(T(\d{6}))?(Z)?", re.IGNORECASE)


@dataclass(frozen=True)
class Occurrence:
    start: datetime
    end: datetime


def _until_in_utc(rule: str) -> str:
    """Store UNTIL in UTC as RFC 5545 requires with a zoned DTSTART; a bare date means the
    end of that local day, a bare local time is read in the configured zone."""

    def convert(match: re.Match[str]) -> str:
        day, clock, zulu = match.group(1), match.group(3), match.group(4)
        if zulu:
            return f"UNTIL={day}T{clock or '000000'}Z"
        try:
            local = datetime.strptime(day + (clock or "235959"), "%Y%m%d%H%M%S")
        except ValueError as exc:
            raise InvalidInput("has an invalid UNTIL date", field="recurrence") from exc
        utc = timezone.make_aware(local).astimezone(UTC)
        return "UNTIL=" + utc.strftime("%Y%m%dT%H%M%SZ")

    return _UNTIL.sub(convert, rule)


def clean_rule(value: str, starts_at: datetime) -> str:
    """Normalise and validate an RRULE value ("FREQ=WEEKLY;BYDAY=MO"); '' means no recurrence."""
    rule = value.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[len("RRULE:") :]
    if not rule:
        return ""
    if "\n" in rule or "\r" in rule or ":" in rule:
        raise InvalidInput(
            "must be one RRULE value such as FREQ=WEEKLY;BYDAY=MO", field="recurrence"
        )
    parts = dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)
    if parts.get("FREQ") not in ALLOWED_FREQ:
        raise InvalidInput(f"FREQ must be one of {', '.join(ALLOWED_FREQ)}", field="recurrence")
    if "COUNT" in parts and "UNTIL" in parts:
        raise InvalidInput("may not have both COUNT and UNTIL", field="recurrence")
    rule = _until_in_utc(rule.upper())
    try:
        rrule.rrulestr(rule, dtstart=timezone.localtime(starts_at))
    except (ValueError, TypeError) as exc:
        raise InvalidInput(f"is not a valid RRULE: {exc}", field="recurrence") from exc
    return rule


def occurrences(
    starts_at: datetime, ends_at: datetime, rule: str, window: tuple[datetime, datetime]
) -> list[Occurrence]:
    """Occurrences that overlap [window start, window end)."""
    duration = ends_at - starts_at
    low, high = window
    if not rule:
        overlaps = starts_at < high and (
            ends_at > low or (duration == timedelta(0) and starts_at >= low)
        )
        return [Occurrence(starts_at, ends_at)] if overlaps else []
    parsed = rrule.rrulestr(rule, dtstart=timezone.localtime(starts_at))
    found: list[Occurrence] = []
    for start in parsed.xafter(timezone.localtime(low - duration), inc=True):
        if start >= high or len(found) >= MAX_OCCURRENCES:
            break
        end = start + duration
        if end > low or (duration == timedelta(0) and start >= low):
            found.append(Occurrence(start, end))
    return found
