"""Web UI routes of the ingest app."""

from django.urls import URLPattern, path

from toasoan.ingest import views

app_name = "ingest"
urlpatterns: list[URLPattern] = [
    path("", views.feeds, name="feeds"),
    path("new/", views.feed_new, name="feed_new"),
    path("<int:feed_id>/", views.feed, name="feed"),
    path("<int:feed_id>/delete/", views.feed_delete, name="feed_delete"),
    path("<int:feed_id>/poll/", views.feed_poll, name="feed_poll"),
    path("<int:feed_id>/secret/", views.rotate_secret, name="rotate_secret"),
    path("<int:feed_id>/rules/", views.rule_new, name="rule_new"),
    path("<int:feed_id>/rules/<int:rule_id>/delete/", views.rule_delete, name="rule_delete"),
]
