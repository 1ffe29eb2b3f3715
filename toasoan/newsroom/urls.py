"""Web UI routes of the newsroom: home, desks, editor, revisions, media, comments."""

from django.urls import URLPattern

from toasoan.newsroom.web import desks, editor, media

app_name = "newsroom"
urlpatterns: list[URLPattern] = [*desks.urlpatterns, *editor.urlpatterns, *media.urlpatterns]

# Personal home (notifications) and the comments panel.
from toasoan.newsroom.web import comments, home  # noqa: E402

urlpatterns += [*home.urlpatterns, *comments.urlpatterns]

# Packages (composite items): members in ordered groups.
from toasoan.newsroom.web import packages  # noqa: E402

urlpatterns += packages.urlpatterns
