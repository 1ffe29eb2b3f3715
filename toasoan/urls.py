from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from toasoan.api.main import api
from toasoan.core.media_views import media_file
from toasoan.core.views import LoginView, home


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("health", health),
    path("media/<path:path>", media_file, name="media"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("search/", include("toasoan.search.urls")),
    path("planning/", include("toasoan.planning.urls")),
    path("distribution/", include("toasoan.distribution.urls")),
    path("ingest/", include("toasoan.ingest.urls")),
    path("feeds/", include("toasoan.distribution.channels.feed_urls")),
    path("", include("toasoan.newsroom.urls")),
    path("", home, name="home"),
]
