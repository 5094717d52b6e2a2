"""gunicorn settings for `make run` and the benchmarks (threads let sign-ins queue, see
digicampus.accounts.throttle)."""

import multiprocessing

from config.env import env

workers = env.int("WEB_WORKERS", default=multiprocessing.cpu_count())
worker_class = "gthread"
threads = env.int("WEB_THREADS", default=4)
timeout = 60
graceful_timeout = 10
accesslog = env.str("WEB_ACCESS_LOG", default="") or None
preload_app = False
