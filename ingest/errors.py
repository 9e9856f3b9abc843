"""The error base class, and the one ingest raises for a file it cannot read (see kb/errors.py for the rest)."""


class KnowledgeBaseError(Exception):
    """Base class: the CLI prints the message and exits 1, the app shows it."""


class UnreadableFile(KnowledgeBaseError):
    """The file is skipped; the message is the warning shown in the ingest report."""
