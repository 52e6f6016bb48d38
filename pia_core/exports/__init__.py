"""Files for spreadsheets: the register of processing activities as XLSX and as CSV for Dutch Excel.

`spreadsheet` makes any user text safe for a spreadsheet cell (no formula runs, no character a
file format refuses); `register` lays the register rows out as one table for both formats.
"""

from pia_core.exports.register import register_csv, register_file_name, register_xlsx

__all__ = ["register_csv", "register_file_name", "register_xlsx"]
