"""The PDF report (fpdf2): `build_report(assessment, lang) -> bytes`."""

from pia_core.report.builder import ATTACHMENT_NAME, build_report
from pia_core.report.context import ReportContext, Section

__all__ = ["ATTACHMENT_NAME", "ReportContext", "Section", "build_report"]
