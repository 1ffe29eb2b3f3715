"""Web UI routes of the planning app."""

from django.urls import URLPattern

app_name = "planning"
urlpatterns: list[URLPattern] = []
