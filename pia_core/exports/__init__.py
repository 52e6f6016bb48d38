"""Files for spreadsheets: the register of processing activities as XLSX and as CSV for Dutch Excel.

`spreadsheet` makes any user text safe for a spreadsheet cell (no formula runs, no character a
file format refuses); `register` lays the register rows out as one table for both formats.

Nothing is imported here: a page that only needs the calendar file or a media type does not load
openpyxl with the package.
"""
