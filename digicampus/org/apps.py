from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "digicampus.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from digicampus.org import indicators, rules  # noqa: F401
