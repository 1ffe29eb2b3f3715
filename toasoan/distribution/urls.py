"""Web UI routes of the distribution app."""

from django.urls import URLPattern, path

from toasoan.distribution import views

app_name = "distribution"
urlpatterns: list[URLPattern] = [
    path("", views.subscribers, name="subscribers"),
    path("subscribers/<int:subscriber_id>/", views.subscriber, name="subscriber"),
    path("entries/<int:entry_id>/resend", views.resend, name="resend"),
    path("items/<int:item_id>/", views.item, name="item"),
]
from toasoan.distribution.channels import views as _channel_views  # noqa: E402

urlpatterns += [path("channels/", _channel_views.channels_page, name="channels")]
