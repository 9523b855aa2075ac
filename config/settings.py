"""Qingmiao settings, read from the environment.

Development defaults are safe to run on a laptop; production sets DEBUG=false and must then
provide SECRET_KEY, FIELD_ENCRYPTION_KEYS and ALLOWED_HOSTS (see docs/deployment.md).
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import overload

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


# With a string default a setting is always a string; without one it may be missing.
@overload
def env(name: str, default: str) -> str: ...
@overload
def env(name: str, default: None = None) -> str | None: ...
def env(name: str, default: str | None = None) -> str | None:
    """Read a setting; NAME_FILE (a path, for container secrets) wins over NAME."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
TESTING = env_bool("QINGMIAO_TESTING", False)

_DEV_SECRET = "dev-only-insecure-secret-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"
SECRET_KEY = env("SECRET_KEY", _DEV_SECRET if DEBUG else None)
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

# Fernet keys for sensitive fields (ID card numbers). The first key encrypts; all decrypt,
# so a new key can be put first and old rows re-encrypted with `manage.py rotate_field_keys`.
_DEV_FIELD_KEY = "ZGV2LW9ubHktZmllbGQta2V5LWRvLW5vdC11c2UhISE="
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", _DEV_FIELD_KEY if DEBUG else "")
if not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must be set when DEBUG is off.")
# Key for the keyed hash that lets an ID number be looked up without decrypting every row.
FIELD_HASH_KEY = env("FIELD_HASH_KEY", SECRET_KEY)
# Key for the keyed hash under which a ballot slip's code is kept (民主测评): without it nobody
# can tell which code a stored hash belongs to.
BALLOT_SLIP_KEY = env("BALLOT_SLIP_KEY", SECRET_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "treebeard",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "qingmiao.core",
    "qingmiao.accounts",
    "qingmiao.cadres",
    "qingmiao.selection",
    "qingmiao.cultivation",
    "qingmiao.supervision",
    "qingmiao.api",
    "qingmiao.guide",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "qingmiao.accounts.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "qingmiao.accounts.middleware.SessionTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes must come last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "qingmiao.accounts.context_processors.shell",
                "qingmiao.core.notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'qingmiao.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default lives under var/ (git-ignored); make sure the folder exists.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the dev server read while a seed or test writes; busy timeout avoids spurious locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# The cache holds figures worked out from data until the data changes (qingmiao/core/versions.py:
# keys carry the data's version, so every worker may keep its own copy and none is ever stale),
# and the API's rate counts. CACHE_URL=redis://host:6379/0 shares it between every worker on
# every machine (production); without it each process keeps its own in memory, which is what
# `make run` and the tests use (tests empty it before each test).
CACHE_URL = env("CACHE_URL", "")
CACHES: dict[str, dict[str, object]]
if CACHE_URL and not TESTING:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "qingmiao"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "qingmiao",
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "qingmiao.accounts.backends.RoleBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Password rules: 等保 requires complexity; lengths and classes are configurable.
PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 12)
PASSWORD_MIN_CLASSES = env_int("PASSWORD_MIN_CLASSES", 3)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "qingmiao.accounts.validators.CharacterClassValidator",
        "OPTIONS": {"min_classes": PASSWORD_MIN_CLASSES},
    },
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Lock-out after repeated failures (django-axes), keyed on the username so that changing
# address does not reset the count.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Sessions: idle and absolute limits enforced by SessionTimeoutMiddleware.
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("SESSION_IDLE_MINUTES", 30))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env_int("SESSION_ABSOLUTE_HOURS", 12))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False

# Transport security: on by default in production, off for the local dev server.
SECURE = not DEBUG and env_bool("SECURE", True)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_SSL_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: everything is served by the app itself; no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
# Front-end libraries are installed from npm into node_modules and served from there
# under /static/vendor/; nothing third-party is copied into the repository.
_NODE = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", _NODE / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", _NODE / "bootstrap-icons" / "font"),
    ("vendor/htmx", _NODE / "htmx.org" / "dist"),
    ("vendor/echarts", _NODE / "echarts" / "dist"),
    ("vendor/swagger-ui", _NODE / "swagger-ui-dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
PHOTO_MAX_BYTES = env_int("PHOTO_MAX_BYTES", 2 * 1024 * 1024)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "qingmiao.api.authentication.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "qingmiao.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # A service's refusal becomes 400 / 409 / 404 in one place, not in every endpoint.
    "EXCEPTION_HANDLER": "qingmiao.core.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env("API_RATE_LIMIT", "600/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "青苗 Qingmiao API",
    "DESCRIPTION": "年轻干部选育管用平台接口。All data is scoped to the caller's unit and role.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": "/static/vendor/swagger-ui/favicon-32x32.png",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set, so the schema is stable and check --deploy stays clean.
    "ENUM_NAME_OVERRIDES": {
        "UnitTypeEnum": "qingmiao.cadres.models.UnitType",
        "ProgramKindEnum": "qingmiao.selection.models.ProgramKind",
        "RewardKindEnum": "qingmiao.cadres.models.RewardPunishment.Kind",
        "SessionModeEnum": "qingmiao.cultivation.models.Session.Mode",
        "SessionStatusEnum": "qingmiao.cultivation.models.Session.Status",
        "LecturerKindEnum": "qingmiao.cultivation.models.Lecturer.Kind",
        "MentorKindEnum": "qingmiao.cultivation.models.MentorProfile.Kind",
        "MentoringModeEnum": "qingmiao.cultivation.models.MentoringLog.Mode",
        "PracticeKindEnum": "qingmiao.cultivation.models.PracticeAssignment.Kind",
        "AttendanceStatusEnum": "qingmiao.cultivation.models.Attendance.Status",
        "MakeUpStatusEnum": "qingmiao.cultivation.models.MakeUpRequest.Status",
        "CareKindEnum": "qingmiao.supervision.models.CareKind",
        "CareFlagSourceEnum": "qingmiao.supervision.models.CareFlag.Source",
        "RoundSourceEnum": "qingmiao.supervision.models.Round.Source",
        "CareStatusEnum": "qingmiao.supervision.models.CareStatus",
        "CareFlagKindEnum": "qingmiao.supervision.models.FlagKind",
        "AppraisalGradeEnum": "qingmiao.cadres.models.Appraisal.Result",
        "VoterTypeEnum": "qingmiao.supervision.models.evaluation.VoterType",
        "HostEvaluationGradeEnum": "qingmiao.cultivation.models.HostEvaluation.Grade",
        "DemocraticEvaluationKindEnum": "qingmiao.supervision.models.Evaluation.Kind",
    },
}

# Audit log retention floor (网络安全法 Art. 23: at least six months).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 365)
if AUDIT_RETENTION_DAYS < 180:
    raise ImproperlyConfigured("AUDIT_RETENTION_DAYS must be at least 180.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # Django's default logging gives the "django" logger a console handler of its own when
        # DEBUG is on; with the root handler above every refusal (403) and error would then be
        # printed twice. Django's records go to the root handler only.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
    },
}

# Django's admin site is a developer's tool: officials work on the product's own screens.
# Off unless turned on; when off, /admin/ is not routed at all.
ADMIN_ENABLED = env_bool("ADMIN_ENABLED", False)

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# The office's mail relay, for email notifications.
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "qingmiao@localhost")

# Background work goes through Django's tasks API (the django-tasks backport for 5.2). The
# engine is the database backend: on SQLite `make run` starts one worker beside the server with
# nothing else to install; on PostgreSQL any number of `manage.py db_worker` processes on any
# number of machines share the queue (rows are claimed with SELECT … FOR UPDATE SKIP LOCKED).
# Tests run every task at once, in the request that enqueued it.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING or env_bool("TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}
# A list export with more rows than this runs as a background job with progress instead of in
# the request; rows are read from the database this many at a time.
EXPORT_BACKGROUND_ROWS = env_int("EXPORT_BACKGROUND_ROWS", 2000)
EXPORT_CHUNK_SIZE = env_int("EXPORT_CHUNK_SIZE", 1000)
# A running job that has reported no progress for this long has lost its worker (see
# qingmiao/core/jobs/sweep.py); its result file is deleted this many days after it finished.
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 600)
JOB_RESULT_DAYS = env_int("JOB_RESULT_DAYS", 7)
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A stage with more candidates than this has its ranking refitted by a background task.
RANKING_BACKGROUND_ENTRIES = env_int("RANKING_BACKGROUND_ENTRIES", 2000)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Lock-out is keyed on the username on purpose (checklist #4: a different address is still
# blocked); axes' advice to add the address would let one bad actor lock everyone behind a NAT.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
