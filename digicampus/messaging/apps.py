from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "digicampus.messaging"
    label = "messaging"
    verbose_name = _("Home–school communication")

    def ready(self) -> None:
        from digicampus.messaging import indicators, rules  # noqa: F401
