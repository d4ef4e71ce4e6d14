"""The admin's ticket import as the tests drive it through the test client: upload, the
check's page and its token, and the uploads kept until confirmed."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

UPLOAD = "admin:support_ticket_import"
CONFIRM = "admin:support_ticket_import_confirm"


def upload(client, data: bytes, name: str = "eksport.csv"):
    """Upload, and follow the check's job (done where it is queued, in the tests) on to
    the page that shows what would change."""
    return client.post(reverse(UPLOAD), {"file": SimpleUploadedFile(name, data)}, follow=True)


def token_in(html: str) -> str:
    return re.search(r'name="upload" value="([^"]+)"', html).group(1)


def stored_uploads(settings) -> list[str]:
    folder = settings.MEDIA_ROOT / "imports"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []
