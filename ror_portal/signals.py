from django.dispatch import Signal

# Sent by reports inside the publishing transaction, with ``period`` (a
# ror_portal.blocks.Period), ``sources``: {source name: [ids]} gathered from the
# blocks' BlockData.sources, and ``monthly_report``: True for a monthly report, False
# for a case document (whose period is its meeting's day, not a report's month).
# Domain apps lock what the board was shown.
report_published = Signal()
