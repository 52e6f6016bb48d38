"""The analysis of a scan: scoring, findings, the verdict, DPIA screening and duty, risk, the action plan."""
