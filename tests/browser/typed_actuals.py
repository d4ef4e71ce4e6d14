"""The demo's actuals for January and February 2024 as a person types them into
*Registrer månedens regnskapstall*: the monthly cycle's journey types them, the ledger import
must arrive at January's."""

from decimal import Decimal

NBSP, NNBSP, MINUS = "\u00a0", "\u202f", "\u2212"
APP = "App-utvikling: Søkesenter og chatboten \u2018O Rakel"  # as the demo spells it

# What is typed into *Registrer månedens regnskapstall*, line by line: (text, how, stored).
# "type" presses the keys one by one, "paste" goes through the clipboard (Control+V).
JANUARY = {
    "Lønn og sosiale kostnader": ("4 512 300,50", "type", Decimal("4512300.50")),
    "Microsoft skolelisenser": ("612 400,25", "type", Decimal("612400.25")),
    "Microsoft-lisenser utover fast avtale": ("118 750", "type", Decimal("118750")),
    "Identitetsløsning for Helseplattformen": ("0", "type", Decimal("0")),
    "Lokaler Storgata 33 og kontorutstyr": ("258333", "type", Decimal("258333")),
    # copied from a spreadsheet: groups of thousands are no-break spaces
    "Programvare og vedlikeholdsavtaler": (
        f"3{NBSP}050{NBSP}000,75",
        "paste",
        Decimal("3050000.75"),
    ),
    # copied from an English program: a decimal point
    "Drift av infrastruktur og linjer": ("884120.40", "type", Decimal("884120.40")),
    # a credit note larger than the month's costs
    "Kurs, reiser og andre driftskostnader": (f"{MINUS}1 250", "type", Decimal("-1250")),
    "Helseplattformen – identitetsløsning og sikker pålogging": (
        "150 000",
        "type",
        Decimal("150000"),
    ),
    "Teknisk historisk arkiv og bistand til byggprosjekter": ("64 200", "type", Decimal("64200")),
    APP: ("45 000,00", "type", Decimal("45000")),
    "Grunnmur del 3 – infrastruktur for datarommene": (
        "380 000,40",
        "type",
        Decimal("380000.40"),
    ),
    "Zero-trust nettverk": ("98 500", "type", Decimal("98500")),
    "Uforutsette tiltak infrastruktur: dekningsanalyser": ("0", "type", Decimal("0")),
}
FEBRUARY = {
    "Lønn og sosiale kostnader": ("4 498 765,40", "type", Decimal("4498765.40")),
    "Microsoft skolelisenser": ("566 666,67", "type", Decimal("566666.67")),
    "Microsoft-lisenser utover fast avtale": ("0", "type", Decimal("0")),
    "Identitetsløsning for Helseplattformen": ("0", "type", Decimal("0")),
    "Lokaler Storgata 33 og kontorutstyr": ("258 333", "type", Decimal("258333")),
    # narrow no-break spaces, as a Norwegian-locale program copies them
    "Programvare og vedlikeholdsavtaler": (
        f"2{NNBSP}987{NNBSP}654,25",
        "paste",
        Decimal("2987654.25"),
    ),
    "Drift av infrastruktur og linjer": ("901 234,10", "type", Decimal("901234.10")),
    "Kurs, reiser og andre driftskostnader": ("412 500", "type", Decimal("412500")),
    "Helseplattformen – identitetsløsning og sikker pålogging": (
        "200 000",
        "type",
        Decimal("200000"),
    ),
    "Teknisk historisk arkiv og bistand til byggprosjekter": ("70 000", "type", Decimal("70000")),
    APP: ("0", "type", Decimal("0")),
    "Grunnmur del 3 – infrastruktur for datarommene": ("410 000", "type", Decimal("410000")),
    "Zero-trust nettverk": ("120 000", "type", Decimal("120000")),
    "Uforutsette tiltak infrastruktur: dekningsanalyser": ("0", "type", Decimal("0")),
}
SALARIES = "Lønn og sosiale kostnader"


def amounts(entries: dict) -> dict[str, Decimal]:
    return {name: stored for name, (_text, _how, stored) in entries.items()}
