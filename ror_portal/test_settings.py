"""Settings for the test suite: the real settings with development defaults."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("DEBUG", "false")
# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse ORM calls from it. Only ever set here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from ror_portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# The test client and the live server speak plain HTTP.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# Static files come from the finders in tests; there is no collectstatic folder.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Tasks run where they are enqueued, so a test sees their effect at once; the tests of
# the worker (tests/ror_portal/test_tasks.py) use the database backend and a real worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# With tasks run where they are queued, every save would make the draft's PDF (seconds
# of WeasyPrint): off, and on in the tests of it (tests/reports/test_draft_pdf.py).
DRAFT_PDF_IN_BACKGROUND = False
# Likewise the meeting book after each published change of a meeting: on in its tests.
MEETING_BOOK_IN_BACKGROUND = False
# The suite signs administrators and finance users in without a second factor; the tests
# of the requirement set MFA_REQUIRED_ROLES themselves (tests/ror_portal/test_mfa*.py).
MFA_REQUIRED_ROLES = []
# The live server speaks plain HTTP on localhost (Chromium's virtual authenticator).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
