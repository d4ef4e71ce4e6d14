"""Signing in: who may try to log in from where (django-axes), and how many
password-reset mails go out. An app of its own only for its table of reset requests."""
