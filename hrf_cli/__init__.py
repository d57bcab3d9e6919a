"""hrf: lint, fix, scaffold and export human-rights field reports written in pandoc Markdown."""

__version__ = "0.1.0"
