"""Sign-in, sign-out and the start page."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse

from toasoan.newsroom.web import home as personal_home


class LoginView(auth_views.LoginView):
    template_name = "toasoan/login.html"
    redirect_authenticated_user = True


def home(request: HttpRequest) -> HttpResponse:
    """The personal home: my assignments, drafts, items waiting for me and notifications."""
    return personal_home.home(request)
