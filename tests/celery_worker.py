"""A real Celery worker process on Redis, for tests of the scaled path (PostgreSQL only: the
worker must reach the test database from another process)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from kombu import pools

from config.celery import app

ROOT = Path(__file__).resolve().parents[1]


def needs_postgres_and_redis() -> None:
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        pytest.skip("runs against PostgreSQL and Redis (see .ci/run)")


def broker_url() -> str:
    return os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/14"


def reset_connections() -> None:
    """Make the app connect again with its current broker settings."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    # kombu keeps producer pools per broker in a global registry; drop the closed ones too.
    pools.reset()


def worker_env(settings: Any, tmp_path: Path, **extra: str) -> dict[str, str]:
    db = settings.DATABASES["default"]
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": broker_url(),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DIGICAMPUS_VAR_DIR": str(tmp_path / "var"),
        **extra,
    }


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
    )


def publish_to_test_broker() -> Callable[[], None]:
    """Send tasks to the test broker instead of running them eagerly; returns the undo."""
    previous = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    app.conf.update(broker_url=broker_url(), task_always_eager=False)
    reset_connections()

    def undo() -> None:
        app.conf.update(**previous)
        reset_connections()

    return undo


def wait_until(condition: Callable[[], bool], seconds: float = 60, step: float = 0.05) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(step)
    raise AssertionError("the condition was not met in time")
