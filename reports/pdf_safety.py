"""PDF attachments by an allow-list: a PDF is read as a viewer reads it (qpdf, which
repairs broken cross-reference tables and opens object streams), written out again, and
the rewritten file is checked object by object. That rewritten file is what is stored
and served, so the board never gets bytes the check did not see: no byte scan to
evade, no second reading of the file by another parser.

Refused: JavaScript, XFA forms, embedded files, video, sound and 3D, and every action
except going to a page of the document (/GoTo) or to the next, previous, first or last
page (/Named)."""

import io
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What each name a viewer acts on means, for the message. Refused wherever it stands, as a
# dictionary key or a name value: qpdf has decoded #-escapes (/J#53 is /JS) by then.
JAVASCRIPT = _("JavaScript")
XFA = _("an XFA form")
EMBEDDED_FILES = _("embedded files")
MEDIA = _("video, sound or 3D content")
REFUSED_NAMES = {
    "/JS": JAVASCRIPT,
    "/JavaScript": JAVASCRIPT,  # the document's scripts (a name tree) and the action kind
    "/XFA": XFA,
    "/EmbeddedFiles": EMBEDDED_FILES,  # the document's attached files (a name tree)
    "/EmbeddedFile": EMBEDDED_FILES,  # the type of such a file's stream
    "/EF": EMBEDDED_FILES,  # a file specification's embedded file
    "/FileAttachment": EMBEDDED_FILES,  # an annotation with a file
    "/RichMedia": MEDIA,
    "/3D": MEDIA,
    "/Movie": MEDIA,
    "/Sound": MEDIA,
    "/Screen": MEDIA,
}
# The kinds of action that fetch, open, send or run something. Refused wherever the name
# stands, like the names above; any other kind is refused where a viewer runs actions.
REFUSED_ACTIONS = frozenset(
    {
        "/Launch",
        "/URI",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/ResetForm",
        "/Hide",
        "/Rendition",
    }
)
# Where a viewer runs an action: a link's or a field's /A (and /PA), the document's
# /OpenAction, and the next action of a chain; /AA holds one action for each event.
ACTION_KEYS = frozenset({"/A", "/PA", "/OpenAction", "/Next"})
# Named actions that only turn pages; others are viewer commands (print, save, quit…).
PAGE_NAVIGATION = frozenset({"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"})


def checked_pdf(data: bytes, filename: str) -> bytes:
    """The PDF rewritten by qpdf, if the rewritten file has nothing a viewer would run,
    open or fetch; a ValidationError in words otherwise, as for a file qpdf cannot read
    or one protected by a password."""
    import pikepdf  # only the process that takes an upload loads qpdf

    name = PurePath(filename).name
    try:
        with pikepdf.open(io.BytesIO(data)) as original:
            rewritten = io.BytesIO()
            original.save(
                rewritten,
                # Every object stands in the file on its own, not in a compressed object
                # stream. Streams are copied as they are: inflating them is not needed
                # for the check, and a small file may inflate to gigabytes.
                object_stream_mode=pikepdf.ObjectStreamMode.disable,
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
                deterministic_id=True,  # the same upload gives the same stored file
            )
        with pikepdf.open(rewritten) as pdf:
            feature = _refused_feature(pdf)
    except pikepdf.PasswordError:
        raise ValidationError(
            _("The PDF is protected by a password and cannot be checked; attach it without one.")
        ) from None
    except Exception:  # qpdf raises several kinds for a file it cannot repair
        raise ValidationError(
            _("%(name)s cannot be read as a PDF file, so it cannot be checked."),
            params={"name": name},
        ) from None
    if feature is not None:
        raise ValidationError(
            _(
                "%(name)s contains %(feature)s, which the portal does not accept. Print it "
                "to PDF again (without links, form fields or attached files) and attach "
                "the new file."
            ),
            params={"name": name, "feature": feature},
        )
    return rewritten.getvalue()


def _refused_feature(pdf) -> str | None:
    """The first refused thing in the PDF, in words; None for a PDF without any.

    Every object of the file is read, and every dictionary, array and name inside it,
    without recursion: the nesting depth is the file's to choose."""
    import pikepdf

    pending = [pdf.trailer, *pdf.objects]
    while pending:
        item = pending.pop()
        if isinstance(item, pikepdf.Name):
            refused = _refused_name(str(item))
            if refused:
                return refused
            continue
        if isinstance(item, pikepdf.Stream):
            item = item.stream_dict
        if isinstance(item, pikepdf.Dictionary):
            if item.get("/Type") == "/Action" and (refused := _refused_action(item)):
                return refused
            for key, value in item.items():
                if refused := _refused_name(key) or _refused_actions_at(key, value):
                    return refused
            children = list(item.values())
        elif isinstance(item, pikepdf.Array):
            children = list(item)
        else:
            continue
        # An indirect object is one of pdf.objects: read once, however often it is used.
        pending.extend(
            child
            for child in children
            if isinstance(child, pikepdf.Dictionary | pikepdf.Array | pikepdf.Name)
            and not child.is_indirect
        )
    return None


def _refused_name(name: str) -> str | None:
    if name in REFUSED_NAMES:
        return str(REFUSED_NAMES[name])
    if name in REFUSED_ACTIONS:
        return _action_words(name.lstrip("/"))
    return None


def _refused_actions_at(key: str, value) -> str | None:
    """What is refused among the actions a viewer would run from this entry."""
    import pikepdf

    if key == "/AA" and isinstance(value, pikepdf.Dictionary):
        actions = list(value.values())  # one for each event: page opened, field left…
    elif key == "/Next" and isinstance(value, pikepdf.Array):
        actions = list(value)
    elif key in ACTION_KEYS:
        actions = [value]  # an /OpenAction array is a page to open at: no action
    else:
        return None
    for action in actions:
        if isinstance(action, pikepdf.Dictionary) and (refused := _refused_action(action)):
            return refused
    return None


def _refused_action(action) -> str | None:
    kind = action.get("/S")
    if kind == "/GoTo":  # to a page of this document
        return None
    if kind == "/Named" and action.get("/N") in PAGE_NAVIGATION:
        return None
    words = str(kind).lstrip("/") if kind is not None else "?"
    if kind == "/Named":
        words += f" ({str(action.get('/N', '?')).lstrip('/')})"
    return _refused_name(str(kind)) or _action_words(words)  # JavaScript says so


def _action_words(kind: str) -> str:
    return str(_("a link or an action of kind %(kind)s") % {"kind": kind})
