"""Every setting of DigiCampus, valued through `config.env`.

Development defaults work with no `.env`: SQLite in `var/`, local files, a Celery broker on the
local disk. PostgreSQL, Redis, S3 and separate workers switch on when their variables are set.
"""

from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, env

VAR_DIR = Path(env.str("DIGICAMPUS_VAR_DIR", default=str(BASE_DIR / "var")))

SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-0123456789abcdef")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "ninja",
    "digicampus.core",
    "digicampus.accounts",
    "digicampus.org",
    "digicampus.library",
    "digicampus.messaging",
    "digicampus.safety",
    "digicampus.portal",
    "digicampus.spaces",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "digicampus.accounts.middleware.UserLanguageMiddleware",
    "digicampus.accounts.middleware.ForcePasswordChangeMiddleware",
    "digicampus.safety.middleware.ConductMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "digicampus" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "digicampus.core.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite in WAL mode by default, anything dj-database-url understands otherwise.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'digicampus.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=20000;PRAGMA cache_size=-64000;"
            ),
        }
    )
# Connections are kept between requests: opening one costs a round of setup, and a new SQLite
# connection starts with an empty page cache, which made every page read its pages again.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Values travel apart from the SQL, and psycopg prepares a statement on the server once it
    # has run `DB_PREPARE_THRESHOLD` times on a connection (Django turns this off unless
    # asked): the hot pages' queries are then not planned again on every request, which on
    # PostgreSQL costs more than running them (decision 0016).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _server_side = env.bool("DB_SERVER_SIDE_BINDING", default=True)
    _options.setdefault("server_side_binding", _server_side)
    _options.setdefault(
        "prepare_threshold", env.int("DB_PREPARE_THRESHOLD", default=5) if _server_side else None
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "digicampus.accounts.backends.IdentifierBackend",
]
PASSWORD_HASHERS = [
    "digicampus.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Concurrent password checks allowed per server process before sign-in answers 429.
LOGIN_CONCURRENCY = env.int("LOGIN_CONCURRENCY", default=2)
LOGIN_QUEUE_WAIT_SECONDS = env.float("LOGIN_QUEUE_WAIT_SECONDS", default=3.0)

# Lockout after repeated failures (django-axes), per account and address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "digicampus.accounts.views.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_ENGINE = env.str("SESSION_ENGINE", default="django.contrib.sessions.backends.cached_db")

# Languages: codes as Django spells them; catalogues live in locale/vi and locale/zh_Hans.
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="vi")
LANGUAGES = [("vi", _("Vietnamese")), ("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "dc_language"
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Ho_Chi_Minh")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "digicampus" / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/trix", BASE_DIR / "node_modules" / "trix" / "dist"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# S3-compatible storage for uploaded files when S3_BUCKET is set (django-storages, boto3).
S3_BUCKET = env.str("S3_BUCKET", default="")
# How long a signed address of a stored file stays valid (S3 only); pages that keep rows
# rendered with file links keep them for less than this (core.rendered).
S3_URL_SECONDS = env.int("S3_URL_SECONDS", default=600)
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY", default="") or None,
            "secret_key": env.str("S3_SECRET_KEY", default="") or None,
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": S3_URL_SECONDS,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Chunked uploads of large files are assembled here before their content is checked.
LIBRARY_UPLOAD_DIR = Path(env.str("LIBRARY_UPLOAD_DIR", default=str(VAR_DIR / "uploads")))
# Storage allowed per school and per user, in megabytes (0: no limit).
LIBRARY_SCHOOL_STORAGE_MB = env.int("LIBRARY_SCHOOL_STORAGE_MB", default=0)
LIBRARY_USER_STORAGE_MB = env.int("LIBRARY_USER_STORAGE_MB", default=0)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=20 * 1024 * 1024)

# Cache: local memory by default, Redis when REDIS_URL is set.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    _redis_cache = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    }
    CACHES = {"default": _redis_cache, "progress": {**_redis_cache, "KEY_PREFIX": "progress"}}
else:
    # Progress of background jobs must be shared between the worker and the web processes.
    CACHES = {
        # Rendered forum rows and public pages: a few thousand entries of a few kB each.
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        "progress": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache-progress"),
        },
    }

# Celery: a broker on the local disk by default (a worker process started by `make run`),
# Redis or any other broker when CELERY_BROKER_URL is set.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
# How long a task taken by a worker that died stays invisible before another worker gets it.
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery-queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery-processed"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Periodic work, run by `celery beat` (embedded in the worker by `make run`).
CELERY_BEAT_SCHEDULE = {
    "escalate-overdue-abuse-reports": {
        "task": "digicampus.safety.tasks.escalate_overdue_abuse_reports",
        "schedule": 300.0,
    },
    "publish-due-portal-articles": {
        "task": "digicampus.portal.tasks.publish_due_articles",
        "schedule": 60.0,
    },
    "purge-abandoned-library-uploads": {
        "task": "digicampus.library.tasks.purge_abandoned_uploads",
        "schedule": 3600.0,
    },
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="DigiCampus <no-reply@localhost>")

# Home–school messages: the address links in e-mail and SMS point to, and the SMS gateway
# ("console" writes to the log; "http" posts to a provider).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
SMS_GATEWAY = env.str("SMS_GATEWAY", default="console")
SMS_HTTP_URL = env.str("SMS_HTTP_URL", default="")
SMS_HTTP_TOKEN = env.str("SMS_HTTP_TOKEN", default="")
MESSAGING_RETRY_SECONDS = env.int("MESSAGING_RETRY_SECONDS", default=30)
MESSAGING_FAN_OUT_BATCH = env.int("MESSAGING_FAN_OUT_BATCH", default=2000)
# A fan-out without progress for this long is started again by the next worker that starts.
MESSAGING_STALL_SECONDS = env.int("MESSAGING_STALL_SECONDS", default=300)

# Security headers; HTTPS-only cookies and HSTS when served behind TLS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = False
_https = env.bool("HTTPS", default=False)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = _https
SECURE_HSTS_SECONDS = 31536000 if _https else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _https else None

NINJA_PAGINATION_PER_PAGE = 50

# How long dashboard indicators may be reused before they are computed again.
INDICATOR_CACHE_SECONDS = env.int("INDICATOR_CACHE_SECONDS", default=300)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
