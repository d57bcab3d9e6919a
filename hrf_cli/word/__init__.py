"""Word (.docx) drafts: read them safely, convert them to a report, lint them in place."""
