"""Health check and the translated error pages."""

from __future__ import annotations

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def healthz_view(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


def livez_view(request: HttpRequest) -> HttpResponse:
    """200 while the process serves requests; touches nothing else (the benchmarks' ceiling)."""
    return HttpResponse("ok", content_type="text/plain")


def bad_request_view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied_view(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    return render(request, "403.html", status=403)


def not_found_view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error_view(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
