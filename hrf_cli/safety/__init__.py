"""Source safety: image metadata, protected names and redactions, shared by lint, fix and export."""
