from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "digicampus.library"
    label = "library"
    verbose_name = _("Resource library")

    def ready(self) -> None:
        from digicampus.library import indicators, rules  # noqa: F401
