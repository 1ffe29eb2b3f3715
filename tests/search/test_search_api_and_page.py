"""GET /api/v1/search and the search page, as a client and an editor use them."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.conftest import Api, Org
from tests.search.conftest import deliver_pending
from toasoan.search.models import SavedSearch


def _corpus(publish: Any) -> None:
    for n in range(5):
        publish(headline=f"Xuất khẩu cà phê tháng {n + 1}", subjects=["04000000"])
    publish(headline="Lễ hội hoa ban Điện Biên")
    deliver_pending()


def test_api_search_returns_ids_headlines_snippets_facets(
    api_for: Any, org: Org, publish: Any
) -> None:
    _corpus(publish)
    api: Api = api_for("b_reporter")
    body = api.get("/search?q=xuat+khau&limit=2&sort=date").json()
    assert body["total"] == 5 and len(body["results"]) == 2
    first = body["results"][0]
    assert {"id", "headline", "snippet_html", "headline_html"} <= set(first)
    assert first["headline"] == "Xuất khẩu cà phê tháng 5"
    assert body["facets"]["subject"]["04000000"] == 5
    more = api.get(f"/search?q=xuat+khau&limit=2&sort=date&cursor={body['next_cursor']}").json()
    assert [r["headline"] for r in more["results"]] == [
        "Xuất khẩu cà phê tháng 3",
        "Xuất khẩu cà phê tháng 2",
    ]


def test_api_search_rejects_bad_input_clearly(api_for: Any, org: Org) -> None:
    api: Api = api_for("a_reporter")
    for path, field in [
        ('/search?q="bão', "q"),
        ("/search?q=x&sort=random", "sort"),
        ("/search?q=x&limit=500", "limit"),
        ("/search?q=x&cursor=%%%", "cursor"),
        ("/search?subject=123", "subject[0]"),
        ("/search?q=x&date_from=2026-02-01&date_to=2026-01-01", "date_from"),
    ]:
        response = api.get(path)
        assert response.status_code == 422, (path, response.content)
        assert response.json()["error"]["field"] == field


def test_saved_searches_through_the_api(api_for: Any, org: Org) -> None:
    api: Api = api_for("a_reporter")
    created = api.post("/search/saved", {"name": "Bão lũ", "query": "bão OR lũ", "alert": True})
    assert created.status_code == 201
    assert api.post("/search/saved", {"name": "Bão lũ", "query": "x"}).status_code == 409
    assert api.post("/search/saved", {"name": "Sai", "query": '"bão'}).status_code == 422
    assert [s["name"] for s in api.get("/search/saved").json()] == ["Bão lũ"]
    other = api_for("b_reporter")
    assert other.delete(f"/search/saved/{created.json()['id']}").status_code == 404
    assert api.delete(f"/search/saved/{created.json()['id']}").status_code == 204
    assert not SavedSearch.objects.exists()


def test_search_page_for_a_signed_in_editor(org: Org, publish: Any) -> None:
    _corpus(publish)
    client = Client()
    assert client.get("/search/?q=ban").status_code == 302  # sign in first
    client.force_login(org.user("b_reporter"))
    page = client.get("/search/?q=dien+bien")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<mark>Điện</mark> <mark>Biên</mark>" in html
    assert "Tìm kiếm" in html  # Vietnamese by default
    bad = client.get('/search/?q="bão')
    assert bad.status_code == 400 and 'role="alert"' in bad.content.decode()
    assert "Tìm kiếm" in client.get("/search/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.cookies["django_language"] = "en"  # the language switch
    english = client.get('/search/?q="bão')
    assert "Search the archive" in english.content.decode()
    assert "/11/2026" in page.content.decode()  # dates dd/mm/yyyy


def test_saved_search_filters_are_checked_and_applied_to_alerts(
    api_for: Any, org: Org, publish: Any
) -> None:
    api: Api = api_for("b_reporter")
    bad = api.post("/search/saved", {"name": "x", "query": "cảng", "filters": {"colour": ["red"]}})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "colour"
    wrong = api.post("/search/saved", {"name": "x", "query": "cảng", "filters": {"outlet": ["a"]}})
    assert wrong.status_code == 422 and wrong.json()["error"]["field"] == "outlet"
    ok = api.post(
        "/search/saved",
        {"name": "Cảng ở B", "query": "cảng", "alert": True, "filters": {"outlet": [org.b.pk]}},
    )
    assert ok.status_code == 201
    publish(headline="Cảng biển ở báo A")  # another outlet: filtered out
    publish("b", headline="Cảng biển ở báo B")
    deliver_pending()
    from toasoan.newsroom.models import Notification

    alerts = Notification.objects.filter(user=org.user("b_reporter"), kind="search_alert")
    assert [n.item.headline for n in alerts] == ["Cảng biển ở báo B"]


def test_a_sampled_match_set_says_its_count_is_a_lower_bound(
    api_for: Any, org: Org, publish: Any, monkeypatch: Any
) -> None:
    from toasoan.search import service

    _corpus(publish)
    monkeypatch.setattr(service, "SAMPLE", 3)
    body = api_for("b_reporter").get("/search?q=xuat+khau").json()
    assert body["total"] == 3 and body["total_exact"] is False
    client = Client()
    client.force_login(org.user("b_reporter"))
    html = client.get("/search/?q=xuat+khau").content.decode()
    assert "Hơn 3 kết quả; số đếm là của 3 kết quả mới nhất" in html
