"""The admin as the portal's administrators see it: the site behind the portal's login
(`site`, `apps`), Norwegian through and through (`language`, `names`, `language_apps`),
and the portal's admin of the models of Django's auth and django-axes (`users`, `axes`).
The portal's own models are registered in each app's admin.py."""
