"""The PDF compile as a process of its own, started by :func:`hrf_cli.export.typst.run_worker`.

Reads the typst source on stdin and the options for ``typst.compile_with_warnings`` as JSON
in its argument; writes one JSON line (``{"warnings": [...]}``, ``{"error": "..."}`` or
``{"memory": true}``) and, on success, the PDF bytes after it on stdout. It runs under the
parent's time and memory limits, which is why it exists.
"""

from __future__ import annotations

import json
import sys


def main(argument: str) -> int:
    """Compile; the exit code is 0 for a PDF, 1 for a typst error, 3 for memory exhausted."""
    from hrf_cli.export.typst import describe

    options = json.loads(argument)
    source = sys.stdin.buffer.read()
    out = sys.stdout.buffer
    try:
        import typst

        pdf, warnings = typst.compile_with_warnings(source, **options)
    except MemoryError:
        out.write(b'{"memory": true}\n')
        return 3
    except BaseException as exc:  # typst.TypstError, or a Rust panic (pyo3's PanicException)
        out.write(json.dumps({"error": describe(exc)}).encode("utf-8") + b"\n")
        return 1
    out.write(json.dumps({"warnings": [describe(w) for w in warnings]}).encode("utf-8") + b"\n")
    out.write(bytes(pdf))
    out.flush()
    return 0
