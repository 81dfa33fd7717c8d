"""Settings, read from the environment (see README: Configuration)."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def _test_worker_apart() -> None:
    """`make test` runs pytest-xdist workers side by side (gw0, gw1, ...): each gets its own
    folder and Redis database, as its own test database, since tests clear them. Written
    back to the environment, once, so the Celery workers and scripts a test starts use the same."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw") or os.environ.get("VTS_TEST_WORKER") == worker:
        return
    os.environ["VTS_TEST_WORKER"] = worker
    number = int(worker[2:])
    os.environ["VAR_DIR"] = str(Path(os.environ.get("VAR_DIR", BASE_DIR / "var")) / worker)
    if redis := os.environ.get("REDIS_URL"):
        parts = urlsplit(redis)
        base = int(parts.path.strip("/") or 0)
        os.environ["REDIS_URL"] = parts._replace(path=f"/{(base + 1 + number) % 16}").geturl()


_test_worker_apart()
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# PRODUCTION turns on what only makes sense behind TLS: secure cookies, HSTS, redirect.
PRODUCTION = env_bool("PRODUCTION")
# Veiledere and admins confirm a second factor (TOTP) at login; on by default in production.
REQUIRE_2FA = env_bool("REQUIRE_2FA", PRODUCTION)
SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-development-key-not-for-production")
# The key of the research export's pseudonyms (innsikt/eksport.py): the same key gives the same
# pseudonyms in every export. Empty: derived from SECRET_KEY (then rotating that renames them).
PSEUDONYM_KEY = os.environ.get("PSEUDONYM_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Reverse proxies in front of the app: the client is the n-th address from the right of
# X-Forwarded-For (0: REMOTE_ADDR). Rate limits per address depend on it (core.ratelimit).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

INSTALLED_APPS = [
    "accounts.admin_site.AdminConfig",  # django.contrib.admin behind our login page and second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "crispy_forms",
    "csp",
    "core",
    "accounts",
    "kommuner",
    "veiledning",
    "risikovurdering",
    "handlingsplan",
    "evaluering",
    "innsikt",
    "pages",
    "demo",
]

MIDDLEWARE = [
    "core.observability.RequestObservationMiddleware",  # first: the request id and the timings cover the rest
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.GenerationsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.SessionRenewalMiddleware",
    "core.middleware.SecondFactorStateMiddleware",
    "core.middleware.SecondFactorMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.NoStoreForFilesMiddleware",
]

# The session's user read from the cache under the generation of the accounts (issue 20).
AUTHENTICATION_BACKENDS = ["accounts.backends.UserBackend"]

# Password login (the form at /logg-inn/); PASSWORD_LOGIN=0 leaves only the OpenID providers.
PASSWORD_LOGIN = env_bool("PASSWORD_LOGIN", True)


def oidc_provider(key: str) -> dict:
    """One OpenID Connect provider from OIDC_<KEY>_* (accounts.oidc; README: Logg inn med
    OpenID Connect). Read here only: discovery happens at login, never at import."""
    prefix = f"OIDC_{key.upper()}_"
    return {
        "issuer": os.environ.get(prefix + "ISSUER", "").rstrip("/"),
        "client_id": os.environ.get(prefix + "CLIENT_ID", ""),
        "client_secret": os.environ.get(prefix + "CLIENT_SECRET", ""),
        "scopes": os.environ.get(prefix + "SCOPES", "openid email profile"),
        "name": os.environ.get(prefix + "NAME", key),
        "for": os.environ.get(prefix + "FOR", "kommune").strip().lower(),
        "mfa_acr": os.environ.get(prefix + "MFA_ACR", "").split(),
        # Domains this provider is the authority for: their addresses count as verified
        # (the agency's Entra ID never sends email_verified).
        "email_domains": os.environ.get(prefix + "EMAIL_DOMAINS", "").lower().split(),
    }


# The providers a person may log in with, in the order of their buttons; none by default.
OIDC_PROVIDERS = {key.lower(): oidc_provider(key) for key in env_list("OIDC_PROVIDERS")}

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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "pages.context_processors.navigation",
            ],
            # Our date filter (each language's date form) and programme texts marked by language.
            "builtins": ["core.templatetags.sprak"],
        },
    },
]

# --- Database: SQLite under var/ by default; DATABASE_URL for PostgreSQL ---------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        # Persistent connections: a new PostgreSQL connection per request costs more than
        # most of our pages' queries together (docs/performance.md).
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions: web, worker and autosave do not trip over
    # "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory: the Celery worker test reads the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "pages:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

# --- Language and time -------------------------------------------------------------------
LANGUAGE_CODE = "nb"
# Each language named in itself, as a switcher should show it.
LANGUAGES = [("nb", "Bokmål"), ("nn", "Nynorsk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # English dates as "14 December 2026" (config/formats/en)
LANGUAGE_COOKIE_NAME = "sprak"
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# --- Static files: our own copies of Designsystemet, its theme, Inter and htmx (no CDN) -----------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Our own small pack (templates/designsystemet/): Designsystemet's field markup.
CRISPY_ALLOWED_TEMPLATE_PACKS = ("designsystemet",)
CRISPY_TEMPLATE_PACK = "designsystemet"

# --- E-mail: a local folder by default (make run); SMTP in production ------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Vold og trusler i skolen <ikke-svar@example.no>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# /metrics for Prometheus (pages/metrics.py): from these addresses, or with this bearer token.
# None by default in production: behind a proxy on the same machine every client looks local.
METRICS_ALLOWED_ADDRESSES = env_list("METRICS_ALLOWED_ADDRESSES", "" if PRODUCTION else "127.0.0.1,::1")
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

# --- The statements (templates/pages/personvern.html, tilgjengelighet.html) ---------------
# The controller and how to reach it. The postal address and telephone are those in
# Arbeidstilsynet's letter signature; an empty e-mail is left out of the pages.
BEHANDLINGSANSVARLIG = os.environ.get("BEHANDLINGSANSVARLIG", "Arbeidstilsynet")
BEHANDLINGSANSVARLIG_POSTADRESSE = os.environ.get(
    "BEHANDLINGSANSVARLIG_POSTADRESSE", "Postboks 4720 Torgarden, 7468 Trondheim"
)
BEHANDLINGSANSVARLIG_TELEFON = os.environ.get("BEHANDLINGSANSVARLIG_TELEFON", "73 19 97 00")
BEHANDLINGSANSVARLIG_EPOST = os.environ.get("BEHANDLINGSANSVARLIG_EPOST", "")
# Empty: the page says to write to the personvernombud through eDialog on arbeidstilsynet.no.
PERSONVERNOMBUD_EPOST = os.environ.get("PERSONVERNOMBUD_EPOST", "")
# Who runs the servers for the controller (a databehandler); empty: «driftsleverandøren».
DATABEHANDLER = os.environ.get("DATABEHANDLER", "")
# How long after a Veiledning is finished its participants, reminders, the letter's
# recipients and the evaluation's free text are kept (pages/retention.py deletes them).
PERSONOPPLYSNINGER_SLETTES_ETTER_MANEDER = int(os.environ.get("PERSONOPPLYSNINGER_SLETTES_ETTER_MANEDER", "12"))
# Where users report accessibility problems; empty: the controller's contact above.
TILGJENGELIGHET_EPOST = os.environ.get("TILGJENGELIGHET_EPOST", "")
# The day the accessibility statement was last reviewed (ISO date).
TILGJENGELIGHET_ERKLAERING_DATO = os.environ.get("TILGJENGELIGHET_ERKLAERING_DATO", "2026-12-01")

# --- Background work: Redis when REDIS_URL is set, else an embedded file broker --------
REDIS_URL = os.environ.get("REDIS_URL", "")
# No ETA or countdown may be longer than this (tests/test_reliability.py checks); anything
# further ahead is a row with a due time.
CELERY_VISIBILITY_TIMEOUT = 3600
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
else:
    # Kombu's filesystem transport: the same worker and beat run under `make run` with
    # nothing but Python installed.
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("out", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged only when it has finished, and given back if its worker dies;
# the reminder rows, not the broker, are what make a send happen once.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Reports render on their own queue and worker (scripts/run.sh), so a slow one never holds
# up the reminders. Each render has a time limit (soft: it stops and says why; hard: its
# process is killed) and a ceiling on the memory it may add (core/reports.py).
CELERY_TASK_ROUTES = {"core.tasks.render_report": {"queue": "rapporter"}}
REPORT_SOFT_TIME_LIMIT = int(os.environ.get("REPORT_SOFT_TIME_LIMIT", "120"))
REPORT_TIME_LIMIT = int(os.environ.get("REPORT_TIME_LIMIT", "150"))
REPORT_MEMORY_LIMIT_MB = int(os.environ.get("REPORT_MEMORY_LIMIT_MB", "1024"))
CELERY_TIMEZONE = TIME_ZONE
# The worker logs through LOGGING above (JSON with the request id), not a handler of its own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "core.tasks.heartbeat", "schedule": 60.0},
    # The national picture's summary tables (innsikt/services.py): rebuilt every quarter hour.
    "innsikt": {"task": "innsikt.tasks.refresh", "schedule": 15 * 60.0},
    "reminders": {"task": "core.tasks.send_due_reminders", "schedule": 60.0},
    # Monday 07:00: plan the week's digest of overdue Tiltak; the dispatcher sends it.
    "weekly-digests": {
        "task": "handlingsplan.tasks.plan_weekly_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week=1),
    },
    # Every night: personal data past the period the privacy statement gives (pages/retention.py).
    "personal-data-retention": {
        "task": "pages.tasks.delete_expired_personal_data",
        "schedule": crontab(hour=3, minute=30),
    },
}

# Shared by every web process: Redis when there is one (one client per process, core.cache),
# else files under var/.
CACHES = {
    "default": {"BACKEND": "core.cache.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(VAR_DIR / "cache")}
}

# --- Security ----------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Eight hours without activity ends the session (each request renews it, writing the row at
# most once a minute: core.middleware.SessionRenewalMiddleware); what people type is saved as
# they go, and login returns them to the page they were on (?next=).
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "core.views.csrf_failure"  # an expired form explained in the visitor's language
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SILENCED_SYSTEM_CHECKS = [] if SECURE_SSL_REDIRECT else ["security.W008"]

# No inline scripts or styles anywhere; a nonce only where a script must carry one.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Logging out may redirect to a provider's end_session_endpoint after the form.
        "form-action": [
            SELF,
            *sorted({urlsplit(p["issuer"])._replace(path="").geturl() for p in OIDC_PROVIDERS.values() if p["issuer"]}),
        ],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

# LOG_FORMAT=json (the default in production): one JSON object a line with the request id
# (core.observability), for a log shipper; "text" for a person at a terminal.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "core.observability.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}
