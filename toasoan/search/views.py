"""The search page of the newsroom UI: query, filters, facets, highlighted results."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from toasoan.accounts.models import Desk, Outlet, User
from toasoan.core.errors import InvalidInput
from toasoan.core.text import clean_text
from toasoan.newsroom.models import ItemType, State
from toasoan.search.backends.base import Filters
from toasoan.search.query import HELP_EN, HELP_VI, QuerySyntaxError, check_searchable, parse
from toasoan.search.service import FILTER_PARAMS, filters_from_params, search
from toasoan.vocabularies import mediatopics

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English", "fr": "Français"}


def filters_from(params: QueryDict) -> Filters:
    names = [n for n in (*FILTER_PARAMS, "date_from", "date_to") if n in params]
    return filters_from_params(
        {n: params.get(n) if n.startswith("date") else params.getlist(n) for n in names}
    )


def _labels(facets: dict[str, dict[str, int]]) -> dict[str, dict[str, str]]:
    lang = (get_language() or "vi")[:2]
    ids = {k: [int(v) for v in facets.get(k, {})] for k in ("outlet", "desk", "author")}
    labels: dict[str, dict[str, str]] = {
        "outlet": {str(o.pk): o.name for o in Outlet.objects.filter(pk__in=ids["outlet"])},
        "desk": {str(d.pk): str(d.name) for d in Desk.objects.filter(pk__in=ids["desk"])},
        "author": {str(u.pk): u.display_name() for u in User.objects.filter(pk__in=ids["author"])},
        "type": {k: str(v) for k, v in ItemType.choices},
        "state": {k: str(v) for k, v in State.choices},
        "language": LANGUAGE_NAMES,
        "subject": {
            c: mediatopics.get(c).label(lang)
            for c in facets.get("subject", {})
            if mediatopics.is_known(c)
        },
        "urgency": {str(n): str(n) for n in range(1, 10)},
    }
    return labels


def _facet_links(params: QueryDict, facets: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    labels = _labels(facets)
    groups = []
    for name, counts in facets.items():
        entries = []
        for value, count in counts.items():
            chosen = value in params.getlist(name)
            toggled = params.copy()
            current = [v for v in toggled.getlist(name) if v != value]
            toggled.setlist(name, current if chosen else [*current, value])
            toggled.pop("cursor", None)
            entries.append(
                {
                    "label": labels.get(name, {}).get(value, value),
                    "count": count,
                    "chosen": chosen,
                    "href": "?" + toggled.urlencode(),
                }
            )
        if entries:
            groups.append({"name": name, "entries": entries[:15]})
    return groups


FACET_TITLES = {
    "outlet": _("Outlet"),
    "desk": _("Desk"),
    "type": _("Type"),
    "state": _("State"),
    "language": _("Language"),
    "subject": _("Topic"),
    "urgency": _("Urgency"),
    "author": _("Author"),
}


def _check_syntax(q: str) -> None:
    """Syntax errors in the reader's language (the service speaks English to API clients)."""
    try:
        check_searchable(parse(q), q)
    except QuerySyntaxError as exc:
        vietnamese = (get_language() or "vi").startswith("vi")
        message = exc.message_vi if vietnamese and exc.message_vi else exc.message
        raise InvalidInput(message, field="q") from exc


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    params = request.GET
    context: dict[str, Any] = {
        "q": params.get("q", ""),
        "sort": params.get("sort", "relevance"),
        "help": HELP_VI if (get_language() or "vi").startswith("vi") else HELP_EN,
        "facet_titles": {k: str(v) for k, v in FACET_TITLES.items()},
    }
    status = 200
    try:
        _check_syntax(context["q"])
        page = search(
            request.user,  # type: ignore[arg-type]
            clean_text(context["q"], field="q"),
            filters=filters_from(params),
            sort=context["sort"],
            cursor=params.get("cursor") or None,
            limit=20,
        )
    except InvalidInput as exc:
        context["error"] = exc.message
        status = 400
    else:
        context["page"] = page
        context["labels"] = {
            "type": {k: str(v) for k, v in ItemType.choices},
            "state": {k: str(v) for k, v in State.choices},
        }
        context["facet_groups"] = _facet_links(params, page.facets)
        if page.next_cursor:
            more = params.copy()
            more["cursor"] = page.next_cursor
            context["next_href"] = "?" + more.urlencode()
    context["date_from"], context["date_to"] = (
        params.get("date_from", ""),
        params.get("date_to", ""),
    )
    context["base_query"] = urlencode({"q": context["q"]})
    return render(request, "search/search.html", context, status=status)
