"""Settings the type checker loads (pyproject.toml, [tool.django-stubs]): the real ones,
with Django's auth app listed by its own name. django-stubs knows the auth app is there
(and so types get_user_model() and request.user as the User model) only by that name, not
by the portal's AuthConfig (ror_portal/admin_site/language_apps.py)."""

import os

# The type checker runs without the portal's environment (CI, a fresh clone): the
# development settings load without a SECRET_KEY.
os.environ.setdefault("DEBUG", "true")

from ror_portal.settings import *  # noqa: F403

INSTALLED_APPS = [
    "django.contrib.auth" if app == "ror_portal.admin_site.language_apps.AuthConfig" else app
    for app in INSTALLED_APPS  # noqa: F405
]
