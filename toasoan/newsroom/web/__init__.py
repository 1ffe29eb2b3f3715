"""The newsroom's web UI (server-rendered templates + htmx), one module per screen family.

Each module has its own `urlpatterns`; newsroom/urls.py joins them under the "newsroom"
namespace."""
