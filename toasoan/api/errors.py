"""One JSON error shape everywhere: {"error": {"code", "message", "field"?}}."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from toasoan.core.errors import DomainError

logger = logging.getLogger(__name__)


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, field: str | None
) -> HttpResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if field:
        body["field"] = field
    return api.create_response(request, {"error": body}, status=status)


def _field_of(loc: list[Any] | tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path", "form")]
    out = ""
    for p in parts:
        out += f"[{p}]" if p.isdigit() else (f".{p}" if out else p)
    return out


def _validation_message(err: dict[str, Any]) -> tuple[str, str]:
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return "unknown_field", "is not a known field"
    if kind == "missing":
        return "required", "is required"
    if kind == "json_invalid":
        return "malformed_json", "the request body is not valid JSON"
    return "invalid", str(err.get("msg", "is invalid"))


def install(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return error_response(api, request, exc.status, exc.code, exc.message, exc.field)

    @api.exception_handler(ValidationError)
    def validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        first = exc.errors[0] if exc.errors else {}
        code, message = _validation_message(first)
        status = 400 if code == "malformed_json" else 422
        field = _field_of(first.get("loc", ())) or None
        return error_response(api, request, status, code, message, field)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(
            api, request, 401, "not_authenticated", "sign in or send a valid Bearer token", None
        )

    @api.exception_handler(AuthorizationError)
    def unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(api, request, 403, "forbidden", str(exc), None)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = "malformed_json" if exc.status_code == 400 else "error"
        return error_response(api, request, exc.status_code, code, str(exc), None)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(api, request, 404, "not_found", "not found", None)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(api, request, 413, "too_large", "the request body is too large", None)

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("unhandled API error")
        return error_response(api, request, 500, "server_error", "internal error", None)
