"""Fixtures of the reports' tests."""

import pytest

import reports.pdf_writer


@pytest.fixture
def weasyprint_runs(monkeypatch) -> list:
    """One item each time WeasyPrint lays out a document."""
    made = []
    real_html = reports.pdf_writer.HTML

    def counted(**kwargs):
        made.append(1)
        return real_html(**kwargs)

    monkeypatch.setattr(reports.pdf_writer, "HTML", counted)
    return made
