from django.utils.translation import gettext_lazy as _

from reports.models import Term
from ror_portal.blocks import BlockData, Period, register


@register("reports.glossary", title=_("Glossary"), template="reports/blocks/glossary.html")
def glossary(period: Period) -> BlockData:
    return BlockData(
        columns=[_("Term"), _("Definition")],
        rows=list(Term.objects.values_list("term", "definition")),
    )
