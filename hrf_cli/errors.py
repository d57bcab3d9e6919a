"""Every exception hrf raises on purpose, with the exit code the CLI turns it into.

Core code raises these and never prints or exits; ``cli.py`` renders them.
"""

from __future__ import annotations


class HrfError(Exception):
    """Raised when a command cannot finish for a reason the user can act on (exit 1)."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.format())

    def format(self) -> str:
        """The message prefixed with ``path:line:`` where they are known."""
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        return where + self.message


class ConfigError(HrfError):
    """Raised when hrf.yaml or a command-line option is wrong (exit 2)."""

    exit_code = 2
