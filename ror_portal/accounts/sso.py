"""The municipalities' identity providers (OpenID Connect), configured from the environment.

``SSO_PROVIDERS=molde,aukra`` names them; each is read from ``SSO_<NAME>_…`` variables
(see README, "Signing in: the municipalities' Entra ID, and two factors"). An Entra ID
tenant is given by its tenant id, any other OpenID Connect provider (ID-porten, a test
provider) by its issuer URL. What the portal needs of a provider beyond what django-allauth
reads (the e-mail domains it vouches for, the ``amr`` values that count as two factors) is
kept in the same app settings, so the sign-in rules read everything from the app the person
signed in with.
"""

from urllib.parse import urlsplit

from django.utils.text import slugify

from ror_portal.env import MissingSetting, env_list, env_str

ENTRA_ISSUER = "https://login.microsoftonline.com/{tenant}/v2.0"
# Entra ID says "mfa" when the person used a second factor (RFC 8176).
DEFAULT_TWO_FACTOR_AMR = "mfa"


def openid_connect_app(
    *,
    provider_id: str,
    name: str,
    issuer: str,
    client_id: str,
    secret: str,
    email_domains: list[str] | tuple[str, ...] = (),
    two_factor_amr: list[str] | tuple[str, ...] = (DEFAULT_TWO_FACTOR_AMR,),
    scope: list[str] | tuple[str, ...] = ("openid", "profile", "email"),
) -> dict:
    """One identity provider as an app of django-allauth's OpenID Connect provider."""
    return {
        "provider_id": provider_id,
        "name": name,
        "client_id": client_id,
        "secret": secret,
        "settings": {
            "server_url": issuer,
            # The portal's own: the issuer the ID token must name, and what it trusts.
            "issuer": issuer,
            "email_domains": [domain.lower() for domain in email_domains],
            "two_factor_amr": list(two_factor_amr),
            "scope": list(scope),
            "oauth_pkce_enabled": True,
        },
    }


def providers_from_environment() -> list[dict]:
    """The apps SSO_PROVIDERS names, in its order (the order of the buttons)."""
    return [provider_from_environment(key) for key in env_list("SSO_PROVIDERS")]


def provider_from_environment(key: str) -> dict:
    prefix = f"SSO_{key.upper().replace('-', '_')}_"

    def required(name: str) -> str:
        found = env_str(prefix + name)
        if not found:
            raise MissingSetting(
                f"The environment variable {prefix}{name} is not set: SSO_PROVIDERS names {key!r}."
            )
        return found

    tenant, issuer = env_str(prefix + "TENANT"), env_str(prefix + "ISSUER")
    if bool(tenant) == bool(issuer):
        raise MissingSetting(
            f"Set one of {prefix}TENANT (an Entra ID tenant id) and {prefix}ISSUER "
            "(the issuer URL of another OpenID Connect provider)."
        )
    return openid_connect_app(
        provider_id=slugify(key),
        name=required("NAME"),
        issuer=ENTRA_ISSUER.format(tenant=tenant) if tenant else str(issuer),
        client_id=required("CLIENT_ID"),
        secret=required("CLIENT_SECRET"),
        email_domains=env_list(prefix + "EMAIL_DOMAINS"),
        two_factor_amr=env_list(prefix + "TWO_FACTOR_AMR", DEFAULT_TWO_FACTOR_AMR),
        scope=env_list(prefix + "SCOPE", "openid,profile,email"),
    )


def form_action(providers: dict) -> str:
    """The Content Security Policy's form-action sources: the portal, and the identity
    providers its sign-in buttons' forms are redirected to (browsers check redirects)."""
    origins = []
    for app in providers.get("openid_connect", {}).get("APPS", []):
        parts = urlsplit(app["settings"]["issuer"])
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    return " ".join(["'self'", *origins])
