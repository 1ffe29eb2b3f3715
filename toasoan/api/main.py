"""/api/v1: each app's router under one NinjaAPI with one OpenAPI document and one error shape."""

from __future__ import annotations

from ninja import NinjaAPI

from toasoan import __version__
from toasoan.accounts.api import public as auth_router
from toasoan.accounts.api import router as accounts_router
from toasoan.api import errors
from toasoan.api.auth import AUTH
from toasoan.distribution.api import router as distribution_router
from toasoan.distribution.channels.api import router as channels_router
from toasoan.formats.api import router as formats_router
from toasoan.ingest.api import router as ingest_router
from toasoan.newsroom.api import router as newsroom_router
from toasoan.planning.api import router as planning_router
from toasoan.search.api import router as search_router
from toasoan.vocabularies.api import router as vocabulary_router

api = NinjaAPI(
    title="toasoan API",
    version=f"1 ({__version__})",
    description=(
        "Newsroom API of toasoan. Authenticate with `POST /api/v1/auth/token` and send "
        "`Authorization: Bearer <token>`. Writes to an item need `If-Match` with its ETag. "
        'Errors: `{"error": {"code", "message", "field"}}`.'
    ),
    auth=AUTH,
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("", auth_router)
api.add_router("", accounts_router)
api.add_router("", newsroom_router)
api.add_router("", vocabulary_router)
api.add_router("", search_router)
api.add_router("", formats_router)
api.add_router("", planning_router)
api.add_router("", distribution_router)
api.add_router("", ingest_router)
api.add_router("", channels_router)
