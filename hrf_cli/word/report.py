"""What ``hrf import`` prints: the files made, what came across, what did not, and lint."""

from __future__ import annotations

from typing import IO

from hrf_cli.word.importer import Imported


def render_import(imported: Imported, out: IO[str]) -> None:
    """Plain lines, one fact each, so a log of the import reads well."""
    created = imported.created
    out.write(f"Imported into {created.target} (template {imported.template!r}):\n")
    for path in created.written:
        state = " (replaced)" if path in created.replaced else ""
        out.write(f"  {path}{state}\n")
    for folder in created.folders:
        out.write(f"  {folder}/\n")
    kinds = []
    if imported.footnotes:
        kinds.append(f"{imported.footnotes} footnotes")
    if imported.endnotes:
        kinds.append(f"{imported.endnotes} endnotes")
    out.write(f"Notes: {imported.notes}" + (f" ({', '.join(kinds)})" if kinds else "") + "\n")
    out.write(f"Citations: {imported.citations} of {imported.sources} sources; "
              f"images: {len(imported.images)}; comments: {imported.comments}"
              + (" (kept as <!-- comment --> lines, never exported)" if imported.comments else "")
              + (f"; tracked changes resolved: {imported.changes}" if imported.changes else "")
              + "\n")
    if imported.not_carried:
        out.write("Not carried over from Word:\n")
        for line in imported.not_carried:
            out.write(f"  - {line}\n")
    for warning in imported.warnings:
        out.write(f"warning: {warning}\n")
    lint = imported.lint
    errors = sum(1 for f in lint.findings if f.severity == "error")
    warnings = len(lint.findings) - errors
    out.write(f"Lint: {errors} error{'s' if errors != 1 else ''}, "
              f"{warnings} warning{'s' if warnings != 1 else ''}\n")
    for finding in lint.findings:
        out.write(f"  {finding.path}{finding.where()} {finding.severity} {finding.rule} "
                  f"{finding.message}\n")
    out.write(f"Next: read {imported.report}, then run 'hrf lint {imported.report}'.\n")
