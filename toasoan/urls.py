from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.generic import RedirectView

from toasoan.api.main import api
from toasoan.core.media_views import media_file


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("health", health),
    path("media/<path:path>", media_file, name="media"),
    path("", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
]
