from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "digicampus.safety"
    label = "safety"
    verbose_name = _("Safe cyberspace")

    def ready(self) -> None:
        from digicampus.safety import indicators, rules  # noqa: F401
