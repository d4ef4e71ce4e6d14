from django.dispatch import Signal

# Sent by reports inside the publishing transaction, with ``period`` (a
# ror_portal.blocks.Period), ``sources``: {source name: [ids]} gathered from the
# blocks' BlockData.sources, and ``monthly_report``: True for a monthly report, False
# for a case document (whose period is its meeting's day, not a report's month), and
# ``version``, the version saved. Domain apps lock what the board was shown;
# publicaccess makes the version's public edition.
report_published = Signal()

# Sent by a domain app after it wrote figures in bulk (bulk_create, update: no
# post_save), with the model as sender: reports remakes the draft's PDF in the
# background (reports/draft_pdf.py), as it does on any save of a model it shows.
figures_written = Signal()
