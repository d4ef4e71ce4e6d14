"""Signing in: the login page and its lockout (django-axes), single sign-on through the
municipalities' identity providers and second factors (django-allauth), how many
password-reset mails go out, and the accounts' audit trail (AccountEvent)."""
