from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from config.api import api
from digicampus.accounts.views import home_view
from digicampus.core.views import healthz_view, livez_view
from digicampus.portal.sitemaps import SITEMAPS

urlpatterns = [
    path("", home_view, name="home"),
    path("healthz", healthz_view, name="healthz"),
    path("livez", livez_view, name="livez"),
    path("accounts/", include("digicampus.accounts.urls")),
    path("org/", include("digicampus.org.urls")),
    path("messages/", include("digicampus.messaging.urls")),
    path("safety/", include("digicampus.safety.urls")),
    path("forum/", include("digicampus.portal.urls")),
    path("library/", include("digicampus.library.urls")),
    path("portal/", include("digicampus.portal.site_urls")),
    path("spaces/", include("digicampus.spaces.urls")),
    path("p/", include("digicampus.portal.public_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]

handler400 = "digicampus.core.views.bad_request_view"
handler403 = "digicampus.core.views.permission_denied_view"
handler404 = "digicampus.core.views.not_found_view"
handler500 = "digicampus.core.views.server_error_view"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
