"""Web UI routes of the planning app."""

from django.urls import path

from toasoan.planning import form_views, views

app_name = "planning"
urlpatterns = [
    path("", views.budget, name="budget"),
    path("calendar/", views.calendar, name="calendar"),
    path("ics/<slug:slug>.ics", views.ics_export, name="ics"),
    path("events/new/", form_views.event_form, name="event_new"),
    path("events/<int:event_id>/", form_views.event_form, name="event_edit"),
    path("events/<int:event_id>/<str:action>/", form_views.event_state, name="event_state"),
    path("items/new/", form_views.planning_item_form, name="item_new"),
    path("items/<int:item_id>/", form_views.planning_item_form, name="item_edit"),
    path("items/<int:item_id>/cancel/", form_views.cancel_planning_item, name="item_cancel"),
    path("items/<int:item_id>/coverages/", form_views.add_coverage, name="coverage_add"),
    path("coverages/<int:coverage_id>/cancel/", form_views.cancel_coverage, name="coverage_cancel"),
    path("coverages/<int:coverage_id>/assign/", form_views.assign, name="assign"),
    path("coverages/<int:coverage_id>/start/", form_views.start_story, name="start"),
]
