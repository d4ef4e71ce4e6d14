"""The case change form as the admin posts it."""

from reports.models import Case


def case_form(case: Case, follow_ups=(), attachment_titles=()) -> dict:
    """The case's fields, with new follow-up rows and new attachments' titles (their
    files are the caller's: ``attachments-0-file``)."""
    data = {
        "meeting": case.meeting_id,
        "number": case.number,
        "title": case.title,
        "handler": case.handler,
        "kind": case.kind,
        "proposed_decision": case.proposed_decision,
        "decision": case.decision,
        "document_block": "",
        "follow_ups-TOTAL_FORMS": len(follow_ups),
        "follow_ups-INITIAL_FORMS": 0,
        "attachments-TOTAL_FORMS": len(attachment_titles),
        "attachments-INITIAL_FORMS": 0,
    }
    for number, row in enumerate(follow_ups):
        data.update({f"follow_ups-{number}-{name}": value for name, value in row.items()})
    for number, title in enumerate(attachment_titles):
        data[f"attachments-{number}-title"] = title
    return data
