"""The headers of every file the portal hands out (PDF, CSV, XLSX, attachments): kept
out of shared caches, and named so that no browser or proxy misreads the name.

File names carry user data (a case number, an attachment's name), so the name is
cleaned of quotes, slashes and control characters, and Norwegian letters are sent as
RFC 5987 ``filename*`` beside an ASCII ``filename`` for clients that know only that.
"""

import re
import unicodedata
from urllib.parse import quote

from django.utils.cache import patch_cache_control

# Control characters, quotes, slashes and the characters Windows refuses in a name.
NOT_IN_A_NAME = re.compile(r'[\x00-\x1f\x7f-\x9f"\\/:*?<>|;\u2028\u2029]+')
# What slugify-like ASCII cannot spell gets its Norwegian spelling, not a question mark.
NORWEGIAN_ASCII = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "å": "aa", "Å": "Aa"})


def safe_filename(name: str) -> str:
    """The name's last part (after any slash), every run of unsafe characters made one
    ``_``, and no leading dots."""
    last = re.split(r"[/\\]", name)[-1]
    cleaned = " ".join(NOT_IN_A_NAME.sub("_", last).split()).lstrip(".")
    return cleaned or "fil"


def ascii_filename(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.translate(NORWEGIAN_ASCII))
    spelt = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^\x20-\x7e]+", "_", spelt)


def content_disposition(filename: str, *, inline: bool = False) -> str:
    name = safe_filename(filename)
    disposition = "inline" if inline else "attachment"
    fallback = ascii_filename(name)
    if fallback == name:
        return f'{disposition}; filename="{name}"'
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def as_download(response, filename: str, *, inline: bool = False, draft: bool = False):
    """Give a file response its name and keep it out of shared caches; a draft is not
    stored at all, since it changes with the data and a PDF of it must not linger."""
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    if draft:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, private=True)
    return response
