"""The media types of the files the product hands out, one place for each.

Its own module, below everything: the pages name a file's type without importing the code that
builds the file (the Word report's module loads python-docx, the PDF's fpdf2), which the app
server itself never needs: the files are built in the PDF workers.
"""

PDF = "application/pdf"
CSV = "text/csv"
JSON = "application/json"
CALENDAR = "text/calendar"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
