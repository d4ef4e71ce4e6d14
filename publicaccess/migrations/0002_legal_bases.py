"""The legal bases the list starts with (issue 30): those the board's papers are
likely to need. The administrators keep the list from here."""

from django.db import migrations

BASES = [
    (
        "offl. § 13 jf. fvl. § 13 første ledd nr. 2",
        "Taushetsplikt: noens tekniske innretninger og fremgangsmåter eller drifts- og "
        "forretningsforhold, for eksempel en leverandørs forretningshemmeligheter.",
    ),
    ("offl. § 14", "Organinterne dokumenter, utarbeidet for egen saksforberedelse."),
    (
        "offl. § 15",
        "Dokumenter innhentet utenfra til bruk i den interne saksforberedelsen.",
    ),
    (
        "offl. § 23 første ledd",
        "Forhandlingsposisjon: når det er påkrevd av hensyn til en forsvarlig gjennomføring "
        "av forhandlinger.",
    ),
    (
        "offl. § 24 tredje ledd",
        "Opplysninger som kan gjøre det mulig eller lettere å gjennomføre lovbrudd, for "
        "eksempel detaljerte opplysninger om hvordan informasjonssystemer er sikret "
        "(Rettleiar til offentleglova 8.11). Ikke generelle opplysninger, eller opplysninger "
        "som er kjent fra før.",
    ),
    ("offl. § 26 første ledd bokstav a", "Eksamensoppgaver (tatt med for fullstendighet)."),
]


def create(apps, schema_editor):
    LegalBasis = apps.get_model("publicaccess", "LegalBasis")
    for position, (label, explanation) in enumerate(BASES):
        LegalBasis.objects.get_or_create(
            label=label, defaults={"explanation": explanation, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("publicaccess", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
