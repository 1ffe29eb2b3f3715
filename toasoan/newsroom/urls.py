"""Web UI routes of the newsroom: home, desks, editor, revisions, media, comments."""

from django.urls import URLPattern

from toasoan.newsroom.web import desks, editor, media

app_name = "newsroom"
urlpatterns: list[URLPattern] = [*desks.urlpatterns, *editor.urlpatterns, *media.urlpatterns]
