"""``hrf export``: one pandoc read per report, then HTML, DOCX and PDF (typst) in parallel."""
