from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "digicampus.messaging"
    label = "messaging"
    verbose_name = _("Home–school communication")

    def ready(self) -> None:
        from digicampus.messaging import indicators, rules  # noqa: F401
        from digicampus.messaging.services import (
            CONVERSATION_MESSAGE,
            conversation_message_release,
        )
        from digicampus.safety.services import content_release_register

        content_release_register(CONVERSATION_MESSAGE, conversation_message_release)
