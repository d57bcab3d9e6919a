"""Repair planning: what to change in a report, as ranges, below both lint and fix.

lint offers these repairs as ``fix`` objects and ``hrf fix`` applies them; neither imports the
other, both import this package.
"""
