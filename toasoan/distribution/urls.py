"""Web UI routes of the distribution app."""

from django.urls import URLPattern

app_name = "distribution"
urlpatterns: list[URLPattern] = []
