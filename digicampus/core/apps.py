import os

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "digicampus.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from digicampus.core import checks  # noqa: F401

        # The local-disk Celery broker needs its folders before a message is sent or read.
        options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
        for key in ("data_folder_in", "data_folder_out", "processed_folder"):
            if options.get(key):
                os.makedirs(options[key], exist_ok=True)
