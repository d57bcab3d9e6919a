"""``hrf fix``: mechanical repairs of notes as exact edits, applied losslessly.

Each module computes the edits of one repair from a scanned document; :mod:`.apply` runs
the selected repairs one after another (re-scanning between them) and writes the result.
"""
