"""The analysis' results in words: every sentence the score, verdict, DPIA check, action plan and
organisation overview show, in both languages. Above pia_core.analysis (which returns ids, keys,
numbers and enums), below the pages, the PDF, the exports and the CLI that show them."""
