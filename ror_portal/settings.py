"""Settings of ROR Portal, all read from the environment (see .env.example).

Development needs nothing set: SQLite in the project folder and DEBUG from the
Makefile. Production (DEBUG off) refuses to start without a SECRET_KEY.
"""

import datetime
from pathlib import Path

import dj_database_url

from ror_portal.accounts.sso import form_action, providers_from_environment
from ror_portal.env import (
    MissingSetting,
    env_bool,
    env_int,
    env_list,
    env_required,
    env_str,
    load_dotenv,
)
from ror_portal.roles import Role

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env")

DEBUG = env_bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY") or "development-only-key-never-used-with-debug-off"
else:
    SECRET_KEY = env_required(
        "SECRET_KEY", "it is required when DEBUG is off (set DEBUG=true for development)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "ror_portal.admin_site.apps.PortalAdminConfig",
    # Django's auth and django-axes, with what the admin shows of them in Norwegian.
    "ror_portal.admin_site.language_apps.AuthConfig",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tables2",
    "django_filters",
    "ror_portal.admin_site.language_apps.AxesConfig",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "ror_portal",
    "ror_portal.accounts.apps.AccountsConfig",
    # Sign-in through the municipalities' identity providers and second factors.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "jobs",
    # The domain apps before reports: their demo data loads before the demo
    # report is published (the demo command follows this order).
    "budget",
    "support",
    "projects",
    "security",
    "reports",
    "meetings",
    "publicaccess",
    "archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "ror_portal.middleware.SlidingSessionMiddleware",
    "ror_portal.middleware.SecondFactorSetupMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ror_portal.middleware.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ror_portal.urls"
WSGI_APPLICATION = "ror_portal.wsgi.application"

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
                "ror_portal.context_processors.navigation",
            ],
            "builtins": ["ror_portal.templatetags.formatting"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time; these make a second writer wait for the first
    # rather than fail with "database is locked" (an admin save's 500, the task worker
    # exiting). IMMEDIATE takes the write lock at BEGIN, where SQLite waits for it: a
    # transaction that has read and then writes (the admin's change view does) is not
    # let wait and fails at once. "timeout" is how long to wait, in seconds (Python's
    # default is 5). In WAL mode readers go on while a save writes, and synchronous=NORMAL
    # is still safe from corruption (a power cut can lose the last commits, not more).
    # The tests' in-memory database stays in memory mode.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),  # what DATABASE_URL's query sets wins
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_PREPARED_STATEMENTS", True
):
    # With the parameters bound on the server, psycopg prepares a query the connection
    # has run five times (the session, the user, the report version): PostgreSQL plans it
    # once rather than on every request. Set it false behind a connection pooler in
    # transaction mode that cannot keep prepared statements (PgBouncer before 1.21).
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for every process (each gunicorn worker, the task worker, every server), so
# that what is kept there holds for all of them: allauth's record of used TOTP codes (a
# code signs in once) and its rate limits, and the integrity e-mail's once an hour.
# Django's database cache by default, no other server (its table is made by a migration,
# ror_portal/accounts/migrations/0003_cache_table.py); Redis when REDIS_URL is set.
REDIS_URL = env_str("REDIS_URL")
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
            # Past MAX_ENTRIES the database cache deletes a third of its keys, unexpired
            # ones too, a used code's among them: far more room than the portal fills.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
AUTHENTICATION_BACKENDS = [
    # Counts failed logins and locks the username from that address for a while.
    "axes.backends.AxesStandaloneBackend",
    "ror_portal.backends.RoleModelBackend",
]
# A username is locked from one address after LOGIN_FAILURE_LIMIT wrong passwords, and an
# address for every username after LOGIN_ADDRESS_FAILURE_LIMIT (one password tried
# against many users; ror_portal/accounts/lockout.py), both for LOGIN_LOCKOUT_MINUTES.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "ror_portal.accounts.lockout.PortalAxesHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
# ror_portal/admin_site/axes.py registers axes' admin, with its messages in Norwegian.
AXES_ENABLE_ADMIN = False
# The client's own address also behind the proxy (X-Forwarded-For, see BEHIND_PROXY).
AXES_CLIENT_IP_CALLABLE = "ror_portal.client_address.client_address"
# Sign-in (django-allauth): the portal's login page and accounts made by administrators;
# nobody signs up. django-axes is the one lockout, for passwords and second-factor codes
# alike, at sign-in and when confirming it is you (ror_portal/accounts/forms.py), so
# allauth's own count of failures is off. A session that gives LOGIN_FAILURE_LIMIT wrong
# answers to confirm it is you is signed out (ror_portal/accounts/lockout.py).
ACCOUNT_ADAPTER = "ror_portal.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"reauthenticate": "ror_portal.accounts.forms.LimitedPasswordReauthenticateForm"}
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_RATE_LIMITS = {"login_failed": None}
# A second factor: an authenticator app (TOTP) or a passkey (WebAuthn), with recovery
# codes. Required for the roles MFA_REQUIRED_ROLES names (by default Administrator and
# Økonomi; with DEBUG, as in `make run`, offered only): a user of those roles without
# one is taken to set it up before any page (ror_portal.accounts.sign_in).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_FORMS = {
    "authenticate": "ror_portal.accounts.forms.LockedAuthenticateForm",
    "reauthenticate": "ror_portal.accounts.forms.LockedCodeReauthenticateForm",
    "add_webauthn": "ror_portal.accounts.forms.NamedAddWebAuthnForm",
    "edit_webauthn": "ror_portal.accounts.forms.NamedEditWebAuthnForm",
}
MFA_TOTP_ISSUER = "ROR Portal"
# A passkey is a second factor after the password, not a sign-in of its own.
MFA_PASSKEY_LOGIN_ENABLED = False
# Passkeys need HTTPS, but for development over http://localhost:8000 (browsers refuse
# them on an IP address such as 127.0.0.1).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_REQUIRED_ROLES = env_list(
    "MFA_REQUIRED_ROLES", "" if DEBUG else f"{Role.ADMINISTRATOR},{Role.FINANCE}"
)
if unknown := set(MFA_REQUIRED_ROLES) - {str(role) for role in Role}:
    raise MissingSetting(
        f"MFA_REQUIRED_ROLES names no role {', '.join(sorted(unknown))}: "
        f"the roles are {', '.join(Role)}."
    )
# Single sign-on through the municipalities' identity providers (OpenID Connect), each
# configured from SSO_<NAME>_… (ror_portal/accounts/sso.py). A sign-in only finds the
# account an administrator made with the same verified e-mail address
# (ror_portal/accounts/sign_in.py); it never makes one nor gives a role.
SOCIALACCOUNT_ADAPTER = "ror_portal.accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": providers_from_environment()}}
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
# The redirect URI registered at each provider: /konto/oidc/<name>/login/callback/.
SOCIALACCOUNT_OPENID_CONNECT_URL_PREFIX = "oidc"
# Password-reset mails an hour to one address typed in, and asked for from one client.
PASSWORD_RESET_MAILS_PER_ACCOUNT = env_int("PASSWORD_RESET_MAILS_PER_ACCOUNT", 3)
PASSWORD_RESET_MAILS_PER_CLIENT = env_int("PASSWORD_RESET_MAILS_PER_CLIENT", 10)

# Signed in until SESSION_IDLE_MINUTES without a request (renewed while active, see
# ror_portal.middleware.SlidingSessionMiddleware).
SESSION_COOKIE_AGE = 60 * env_int("SESSION_IDLE_MINUTES", 120)

# The interface is Norwegian Bokmål; source strings are English.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["ror_portal.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Oslo"

STATIC_URL = "static/"
STATIC_ROOT: Path | None = BASE_DIR / "staticfiles"  # None in tests: no collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# E-mail goes to the console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ROR Portal <portal@ror-ikt.no>")

# Long work (notices; later imports, publishing and previews) runs as tasks in the
# database, done by `manage.py db_worker` beside the web server: no other server, and
# several workers on several machines share the queue on PostgreSQL.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The draft report's PDF is made by the worker after each change to what it shows, so
# its preview opens at once (reports/draft_pdf.py).
DRAFT_PDF_IN_BACKGROUND = env_bool("DRAFT_PDF_IN_BACKGROUND", default=True)
# The meeting book (one PDF of a meeting's papers) is made by the worker whenever what it
# holds changes, so a member's download is ready (meetings/book.py).
MEETING_BOOK_IN_BACKGROUND = env_bool("MEETING_BOOK_IN_BACKGROUND", default=True)
# The portal's address as readers reach it, for links in e-mails.
PORTAL_URL = env_str("PORTAL_URL", "http://127.0.0.1:8000")
# The support desk's REST API, for fetching tickets (support/pureservice.py): the
# instance's address and an API key (or PURESERVICE_API_KEY_FILE). Without both, the sync
# is not offered and `manage.py sync_tickets` says so.
PURESERVICE_URL = env_str("PURESERVICE_URL", "")
PURESERVICE_API_KEY = env_str("PURESERVICE_API_KEY", "")
# Seconds between two requests (Pureservice allows about 100 a minute), the longest wait
# a 429's Retry-After is waited out for, and how long one request may take.
PURESERVICE_REQUEST_INTERVAL = 0.6
PURESERVICE_MAX_RETRY_AFTER = 120
PURESERVICE_TIMEOUT = 30
# Where users send feedback on accessibility (shown in the accessibility statement).
ACCESSIBILITY_CONTACT = env_str("ACCESSIBILITY_CONTACT", "postmottak@ror-ikt.no")
# The public's pages under /innsyn/ (offentleglova): requests a minute from one address
# before 429, and how long browsers and proxies may keep a page (seconds).
PUBLIC_ACCESS_REQUESTS_PER_MINUTE = env_int("PUBLIC_ACCESS_REQUESTS_PER_MINUTE", 120)
PUBLIC_ACCESS_MAX_AGE = env_int("PUBLIC_ACCESS_MAX_AGE", 300)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Production (DEBUG off) is HTTPS only. Behind a TLS-terminating proxy set BEHIND_PROXY=true
# so that Django trusts X-Forwarded-Proto (the proxy must set it and strip it from clients)
# and takes the client's address from X-Forwarded-For: the entry PROXY_COUNT places from
# the right, the one our outermost proxy appended (ror_portal/client_address.py).
BEHIND_PROXY = env_bool("BEHIND_PROXY")
PROXY_COUNT = env_int("PROXY_COUNT", 1)
if PROXY_COUNT < 1:
    # Counted from the right; 0 would take the left-most entry, which the client writes.
    raise MissingSetting(f"PROXY_COUNT must be 1 or more, not {PROXY_COUNT}.")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = not DEBUG
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
# No inline scripts anywhere; inline styles only for the SVG charts and the admin. The
# sign-in buttons' forms are sent on to the identity providers (form-action).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    f"base-uri 'self'; form-action {form_action(SOCIALACCOUNT_PROVIDERS)}; "
    "frame-ancestors 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every rendering step at INFO; its warnings still show.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        # matplotlib notes at INFO that date-like tick labels are taken as text, as meant.
        "matplotlib": {"level": "WARNING"},
        # django-axes announces itself at every start; lockouts are logged at WARNING.
        "axes": {"level": "WARNING"},
    },
}
