"""Signing in and out in a real browser: Vietnamese by default, a wrong password is refused."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_refuses_a_wrong_password_then_signs_in_and_out(
    org: Any, page: Any, password: str, login: Any, screenshot: Any
) -> None:
    page.goto("/login/")
    assert page.locator("html").get_attribute("lang") == "vi"
    screenshot(page, "login")
    page.locator("input[name=username]").fill("a_reporter")
    page.locator("input[name=password]").fill("sai-mat-khau")
    page.locator("form button[type=submit]").first.click()
    assert "/login/" in page.url
    login(page, "a_reporter", password)
    assert "/login/" not in page.url
    page.get_by_role("button", name="Đăng xuất").click()
    page.goto("/")
    assert "/login/" in page.url
