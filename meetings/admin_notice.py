class NoticeAdminMixin:
    """The meeting admin's notice pages (filled in by the notice work)."""
