from django.dispatch import Signal

# Sent by reports inside the publishing transaction, with ``period`` (a
# ror_portal.blocks.Period) and ``sources``: {source name: [ids]} gathered from
# the blocks' BlockData.sources. Domain apps lock what the board was shown.
report_published = Signal()
