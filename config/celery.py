"""The Celery app: tasks of every DigiCampus app, configured from Django settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("digicampus")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
