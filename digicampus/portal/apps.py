from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "digicampus.portal"
    label = "portal"
    verbose_name = _("Portal and forum")

    def ready(self) -> None:
        from digicampus.portal import rules  # noqa: F401
