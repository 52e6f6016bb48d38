"""The analysis of a scan: scoring, findings (flow flags among them), the verdict, DPIA screening and
duty, risk, the action plan, the register and the published decisions behind critical points."""
