"""GET /api/v1/search, type-ahead suggestions, saved searches."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import ConfigDict, Field, StrictBool, StrictStr

from toasoan.api.auth import user_of
from toasoan.core.errors import Conflict, NotFound
from toasoan.core.text import clean_text
from toasoan.search.backends.base import Filters
from toasoan.search.models import SavedSearch
from toasoan.search.query import HELP_EN, HELP_VI
from toasoan.search.service import (
    FILTER_PARAMS,
    filters_from_params,
    parse_query,
    search,
    suggest,
)

router = Router(tags=["search"])


class SearchQuery(Schema):
    q: str = ""
    outlet: list[int] = []
    desk: list[int] = []
    type: list[str] = []
    state: list[str] = []
    language: list[str] = []
    subject: list[str] = Field([], description="Media Topic codes; narrower topics included")
    urgency: list[int] = []
    author: list[int] = []
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    cursor: str | None = None
    limit: int = 20
    facets: bool = True

    def filters(self) -> Filters:
        names = (*FILTER_PARAMS, "date_from", "date_to")
        return filters_from_params({n: getattr(self, n) for n in names})


class SearchOut(Schema):
    total: int
    # False when the matches outnumber what a search reads: total is then a lower bound and
    # the facets count the newest matches
    total_exact: bool
    results: list[dict[str, Any]]
    facets: dict[str, dict[str, int]]
    next_cursor: str | None


@router.get("/search", response=SearchOut, summary="Search the archive")
def search_items(request: HttpRequest, query: Query[SearchQuery]) -> dict[str, Any]:
    page = search(
        user_of(request),
        clean_text(query.q, field="q"),
        filters=query.filters(),
        sort=query.sort,
        cursor=query.cursor,
        limit=query.limit,
        facets=query.facets,
    )
    return {
        "total": page.total,
        "total_exact": page.total_exact,
        "results": page.results,
        "facets": page.facets,
        "next_cursor": page.next_cursor,
    }


@router.get("/search/suggest", summary="Headline type-ahead")
def search_suggest(request: HttpRequest, prefix: str, limit: int = 8) -> list[dict[str, Any]]:
    return suggest(user_of(request), clean_text(prefix, field="prefix"), max(1, min(limit, 20)))


@router.get("/search/help", auth=None, summary="Query syntax help (vi, en)")
def search_help(request: HttpRequest) -> dict[str, str]:
    return {"vi": HELP_VI, "en": HELP_EN}


class SavedSearchIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: StrictStr = Field(min_length=1, max_length=120)
    query: StrictStr = Field("", max_length=500)
    filters: dict[str, Any] = {}
    alert: StrictBool = False


def _saved_row(s: SavedSearch) -> dict[str, Any]:
    return {"id": s.pk, "name": s.name, "query": s.query, "filters": s.filters, "alert": s.alert}


@router.get("/search/saved", summary="My saved searches")
def saved_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_saved_row(s) for s in SavedSearch.objects.filter(user=user_of(request))]


@router.post("/search/saved", response={201: dict}, summary="Save a search (optionally alert me)")
def saved_create(request: HttpRequest, payload: SavedSearchIn) -> tuple[int, dict[str, Any]]:
    name = clean_text(payload.name, field="name").strip()
    query = clean_text(payload.query, field="query")
    parse_query(query)
    filters_from_params(payload.filters)  # refuse what could not be run later
    try:
        with transaction.atomic():
            saved = SavedSearch.objects.create(
                user=user_of(request),
                name=name,
                query=query,
                filters=payload.filters,
                alert=payload.alert,
            )
    except IntegrityError as exc:
        raise Conflict(f"you already have a saved search named '{name}'", field="name") from exc
    return 201, _saved_row(saved)


@router.delete("/search/saved/{saved_id}", response={204: None}, summary="Delete a saved search")
def saved_delete(request: HttpRequest, saved_id: int) -> tuple[int, None]:
    deleted, _ = SavedSearch.objects.filter(pk=saved_id, user=user_of(request)).delete()
    if not deleted:
        raise NotFound(f"saved search {saved_id} does not exist")
    return 204, None
