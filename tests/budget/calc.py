"""LibreOffice Calc, headless, as finance's spreadsheet: a workbook is opened,
recomputed and saved again, then read back with the values Calc computed."""

import subprocess
from io import BytesIO
from pathlib import Path

import openpyxl

from tests.tools import require


def recomputed(data: bytes, folder: Path) -> openpyxl.Workbook:
    """``data`` (an XLSX) as Calc computes it: every formula's value, read with openpyxl.

    A private user profile per call, so runs never share (or lock) one."""
    soffice = require("soffice", "apt-get install libreoffice-calc-nogui")
    source = folder / "in" / "book.xlsx"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(data)
    out = folder / "out"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return openpyxl.load_workbook(BytesIO((out / "book.xlsx").read_bytes()), data_only=True)
