"""The demo's markings (issue 30): in the SOC+ case, the part of its case document on
the technical set-up of the SOC is withheld under offl. § 24 third paragraph; its price
tiers and the split per municipality stay public.

The reports' demo publishes its versions before this app's demo loads, so their public
editions were made a moment ago without the markings: nobody has read them, and they
are made again with them (make_missing, which makes them only for a version that is
still exactly what its board edition shows). A real version's public edition is never
made again: a changed marking takes effect in the next version."""

from django.contrib.auth import get_user_model

from publicaccess.editions import make_missing, markings_changed
from publicaccess.models import LegalBasis, PublicEdition, Withholding
from reports.models import Case

SOC_CASE = "2024/M1-004"
TECHNICAL_SET_UP = "4"  # «Omfang av avtalen»: monitoring, SOAR, incident response
REASON = (
    "Detaljerte opplysninger om hvordan kommunenes informasjonssystemer overvåkes og "
    "sikres (SOC+, SOAR, hendelseshåndtering). Merinnsyn vurdert: å gi dem ut kan gjøre "
    "det lettere å angripe systemene."
)


def load() -> None:
    case = Case.objects.filter(number=SOC_CASE).first()
    if case is not None and case.document_block:
        Withholding.objects.update_or_create(
            case=case,
            part=Withholding.Part.DOCUMENT,
            document_part=TECHNICAL_SET_UP,
            defaults={
                "basis": LegalBasis.objects.get(label="offl. § 24 tredje ledd"),
                "more_access": False,
                "reason": REASON,
                "decided_by": get_user_model().objects.get(username="admin"),
            },
        )
    for edition in PublicEdition.objects.all():
        if markings_changed(edition.version):
            for stored in (edition.html, edition.pdf):
                stored.storage.delete(stored.name)
            edition.delete()
    make_missing()
