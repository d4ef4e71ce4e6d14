"""Demo: the support desk's tickets, generated (support/demo_tickets.py) and
loaded through the same import an administrator uses for an ITSM export."""

import csv
import io

from support.demo_tickets import export_rows
from support.importing import import_tickets


def export_csv() -> bytes:
    text = io.StringIO()
    csv.writer(text, delimiter=";", lineterminator="\r\n").writerows(export_rows())
    return text.getvalue().encode("utf-8")


def load() -> None:
    summary = import_tickets(io.BytesIO(export_csv()), "pureservice-demo.csv")
    if not summary.ok:
        raise RuntimeError("The demo tickets did not import: " + "; ".join(summary.errors))
