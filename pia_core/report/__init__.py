"""The PDF report (fpdf2): `build_report(assessment, lang) -> bytes`."""

from pia_core.report.builder import ATTACHMENT_NAME, ReportContext, Section, build_report

__all__ = ["ATTACHMENT_NAME", "ReportContext", "Section", "build_report"]
