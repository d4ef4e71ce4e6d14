from collections.abc import Sequence
from functools import partial
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget.selectors import key_sources
from ror_portal.blocks import BlockData, KeyFigure, Period, register, table_key_figures
from ror_portal.formatting import format_millions
from security.models import SecurityAgreement
from security.origin import agreement_origin
from security.selectors import Costs, agreement_costs


def costs_for(period: Period) -> Costs | None:
    agreement = SecurityAgreement.objects.shown_at(period.as_of)
    return agreement_costs(agreement, period) if agreement else None


def no_agreement() -> BlockData:
    return BlockData(columns=[], rows=[], context={"costs": None})


def cost_rows(costs: Costs) -> list[list]:
    rows = [
        [
            _("Price tier: up to %(servers)s servers") % {"servers": t.servers_up_to},
            None,
            t.monthly_price,
            None,
        ]
        for t in costs.tiers
    ]
    for year in costs.years:
        # in the order of the frame's table (year_cost.html): establishment first
        rows += [
            [
                _("%(year)s: establishment") % {"year": year.year},
                year.year,
                year.establishment,
                None,
            ],
            [
                _("%(year)s: monitoring (SOC+), 12 × %(servers)s-tier")
                % {"year": year.year, "servers": year.tier.servers_up_to},
                year.year,
                year.monitoring,
                None,
            ],
            [
                _("%(year)s: consultant hours") % {"year": year.year},
                year.year,
                year.consultants,
                None,
            ],
            [_("%(year)s: total") % {"year": year.year}, year.year, year.total, None],
        ]
    rows += [
        [part.municipality.name, costs.first_year_cost.year, part.amount, part.percent]
        for part in costs.split
    ]
    return rows


# The costs table's figures: the amounts and shares; the year column is not a figure.
cost_key_figures = partial(table_key_figures, money_columns=(2,), ignored_columns=(1,))


@register(
    "security.costs",
    key_figures=cost_key_figures,
    title=gettext_lazy("Security partner: costs and split"),
    template="security/blocks/costs.html",
    origin=agreement_origin,
)
def costs_block(period: Period) -> BlockData:
    costs = costs_for(period)
    if costs is None:
        return no_agreement()
    return BlockData(
        columns=[_("Item"), _("Year"), _("Amount"), _("Share %")],
        rows=cost_rows(costs),
        context={"costs": costs},
        sources=key_sources(costs.key),
    )


def what_if_key_figures(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[KeyFigure]:
    """Every column after the tier is kroner, however many municipalities follow."""
    return table_key_figures(columns, rows, money_columns=range(1, len(columns)))


@register(
    "security.what_if",
    key_figures=what_if_key_figures,
    title=gettext_lazy("Security partner: what more servers cost"),
    template="security/blocks/what_if.html",
    origin=agreement_origin,
)
def what_if_block(period: Period) -> BlockData:
    costs = costs_for(period)
    if costs is None:
        return no_agreement()
    municipalities = [m for m, _ in costs.shares]
    what_if = costs.what_if()
    # the columns of the what-if table (includes/what_if.html)
    rows = [
        [
            tier.servers_up_to,
            tier.yearly_price,
            costs.agreement.consultants_per_year,
            yearly,
            *[p.amount for p in parts],
        ]
        for tier, yearly, parts in what_if
    ]
    columns = [_("Servers up to"), _("SOC+ per year"), _("Consultant hours"), _("Cost per year")]
    return BlockData(
        columns=[*columns, *[m.name for m in municipalities]],
        rows=rows,
        context={"costs": costs, "municipalities": municipalities, "what_if": what_if},
    )


# The case document's numbered parts (security/case_document.html), which a public
# edition may withhold one by one: the technical set-up of the SOC (4) under offl. § 24.
CASE_DOCUMENT_PARTS = [
    ("1", gettext_lazy("Proposal for agreement from the head of ROR-IKT")),
    ("2", gettext_lazy("Introduction")),
    ("3", gettext_lazy("The security partner")),
    ("4", gettext_lazy("Scope of the agreement")),
    ("5", gettext_lazy("The establishment phase")),
    ("6", gettext_lazy("Costs of the first year")),
    ("7", gettext_lazy("Costs of the later years")),
    ("8", gettext_lazy("Recommendation")),
    ("9", gettext_lazy("Definitions")),
]


@register(
    "security.case_document",
    key_figures=cost_key_figures,  # its table is the costs table (the case's texts quote it)
    title=gettext_lazy("Case document: security partner"),
    template="security/case_document.html",
    parts=CASE_DOCUMENT_PARTS,
)
def case_document(period: Period) -> BlockData:
    costs = costs_for(period)
    if costs is None:
        return no_agreement()
    increase = format_millions(costs.first_year_cost.total)
    proposal = _(
        "Samarbeidsrådet takes the case as information and approves an increase of ROR-IKT's "
        "operating frame for %(year)s of %(amount)s."
    ) % {"year": costs.first_year_cost.year, "amount": increase}
    return BlockData(
        columns=[_("Item"), _("Year"), _("Amount"), _("Share %")],
        rows=cost_rows(costs),
        context={
            "costs": costs,
            "agreement": costs.agreement,
            "proposal": proposal,
            "municipalities": [m for m, _ in costs.shares],
            "what_if": costs.what_if(),
        },
        sources=key_sources(costs.key),
    )
