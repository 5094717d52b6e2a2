from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "digicampus.spaces"
    label = "spaces"
    verbose_name = _("Learning spaces")

    def ready(self) -> None:
        from digicampus.spaces import indicators, rules  # noqa: F401
