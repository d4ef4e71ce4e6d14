"""Authenticator-app codes computed as an app computes them (RFC 6238: HMAC-SHA1 of the
30-second step, six digits), so the tests check the portal against the standard rather
than against django-allauth's own code."""

import base64
import hashlib
import hmac
import struct
import time

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

# The portal takes a code in its own 30-second step only (allauth's tolerance 0). A code
# read in the last seconds of its step may reach the portal in the next one on a busy
# machine, so the tests wait for a fresh code then, as a person waits for the app's next.
FRESH = 3  # seconds


def totp_code(secret: str, *, at: float | None = None, step: int = 30) -> str:
    if at is None:
        left = step - time.time() % step
        if left < FRESH:
            time.sleep(left)
    counter = int((time.time() if at is None else at) // step)
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def give_authenticator_app(user) -> str:
    """The user has set up an authenticator app; its secret (base32, as the app is given
    it). A new one each time: allauth remembers a user's used codes for the half-minute,
    and a test database gives the next test's user the same id."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret
