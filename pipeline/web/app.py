"""The FastAPI application of the web desk: ``create_app()``; ``congvan serve`` runs it.

Every response carries a strict Content-Security-Policy (scripts and styles only from the desk
itself: no inline script, nothing from a CDN), ``nosniff`` and ``frame-ancestors 'none'``.
Errors of the API are problem details (RFC 9457); a page's error is a page in Vietnamese.
What a person may not see is "not found" (404), never "forbidden", so it does not leak.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from congvan.pipeline.core.config import Config
from congvan.pipeline.core.errors import CongvanError, NoSuchRecordError, NotPermittedError
from congvan.pipeline.web import api, pages
from congvan.pipeline.web.auth import BadCsrf, NotSignedIn
from congvan.pipeline.web.context import HERE, Desk

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def status_of(exc: CongvanError) -> int:
    if isinstance(exc, NoSuchRecordError):
        return 404
    if isinstance(exc, NotPermittedError):
        return 403
    return 400


def problem(status: int, title: str, detail: str) -> JSONResponse:
    return JSONResponse({"type": "about:blank", "title": title, "status": status, "detail": detail},
                        status_code=status, media_type="application/problem+json")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def create_app(config: Config | None = None) -> FastAPI:
    config = config or Config.from_env()
    desk = Desk(config, config.office())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        desk.close()

    app = FastAPI(title="congvan — bàn làm việc văn bản đến", version="1", docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json", lifespan=lifespan)
    app.state.desk = desk
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, _: Exception) -> Response:
        if _is_api(request):
            return problem(401, "Unauthorized", "sign in, or send an API token: Authorization: Bearer …")
        return RedirectResponse("/dang-nhap", status_code=303)

    @app.exception_handler(BadCsrf)
    async def bad_csrf(request: Request, _: Exception) -> Response:
        if _is_api(request):
            return problem(403, "Forbidden", "the CSRF token is missing or wrong (X-CSRF-Token)")
        return pages.error_page(request, 403, "Phiên làm việc không hợp lệ: hãy tải lại trang và thử lại.")

    @app.exception_handler(CongvanError)
    async def congvan_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, CongvanError)
        status = status_of(exc)
        if _is_api(request):
            return problem(status, {404: "Not Found", 403: "Forbidden"}.get(status, "Bad Request"), str(exc))
        shown = {404: "Không tìm thấy văn bản hoặc trang này.",
                 403: f"Bạn không thực hiện được thao tác này: {exc.message}"}.get(status, f"Không hợp lệ: {exc}")
        return pages.error_page(request, status, shown)

    @app.get("/api/docs", include_in_schema=False)
    def api_docs(request: Request) -> Response:
        """The API's endpoints, from its OpenAPI schema, rendered here (no CDN)."""
        schema: dict[str, Any] = app.openapi()
        ops = [(path, method.upper(), op.get("summary", "")) for path, item in schema["paths"].items()
               for method, op in item.items()]
        return desk.templates.TemplateResponse(request, "api_docs.html", {"ops": ops, "user": None,
                                                                          "office": desk.office})

    return app
