"""The API: ninja plumbing, and one router per app that has `api.py` with a `router`."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema

from vardag.api.auth import AUTH
from vardag.api.core import router as core_router
from vardag.api.document import complete
from vardag.api.errors import translated_errors
from vardag.core.middleware import api_language


class VardagAPI(NinjaAPI):
    """The API, whose OpenAPI document also has its error answers and links (`api.document`)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        doc = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        complete(doc)
        return doc


api = VardagAPI(
    title="Vardag API",
    version="1",
    description="Vardag: tjänsteinnovation i välfärdens vardag. Authenticate with a personal "
    "token: `Authorization: Bearer vdg_…` (create one under Mitt konto).",
    auth=AUTH,
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Hittades inte.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Din roll tillåter inte detta.")}, status=403)


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
    translation.activate(api_language(request))
    return api.create_response(
        request, {"detail": _("Inloggning krävs: ange en giltig API-nyckel.")}, status=401
    )


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    body: dict[str, object] = {"detail": " ".join(exc.messages)}
    if hasattr(exc, "error_dict"):  # a refusal about named fields says which
        body["errors"] = [
            {"loc": ["body", name], "msg": " ".join(e.messages), "type": e.code or "invalid"}
            for name, errors in exc.error_dict.items()
            for e in errors
        ]
    return api.create_response(request, body, status=422)


@api.exception_handler(NinjaValidationError)
def malformed(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    """Input the schema refuses: pydantic's errors, each `msg` in the request's language."""
    return api.create_response(
        request,
        {"detail": _("Felaktig begäran."), "errors": translated_errors(exc.errors)},
        status=422,
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own refusals; a body that is not JSON (ninja's English "Cannot parse request
    body") is said in the request's language."""
    detail = str(exc)
    if exc.status_code == 400 and detail.startswith("Cannot parse request body"):
        detail = _("Begärans innehåll går inte att läsa: det är inte giltig JSON.")
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


api.add_router("/", core_router)


def _app_routers() -> list[tuple[str, Router]]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("vardag.") or config.label in {"api", "core"}:
            continue
        module_name = f"{config.name}.api"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        router = getattr(module, "router", None)
        if isinstance(router, Router):
            found.append((config.label, router))
    return found


for _label, _router in _app_routers():
    api.add_router(f"/{_label}/", _router)
