"""The error base class, and the one ingest raises for a file it cannot read (see kb/errors.py for the rest)."""


class KnowledgeBaseError(Exception):
    """Base class: the CLI prints the message and exits 1, the app shows it."""


class UnreadableFile(KnowledgeBaseError):
    """The file is skipped; the message is the warning shown in the ingest report."""


def corrupt(kind: str, error: BaseException) -> UnreadableFile:
    """The report line for a parser's complaint: one line, short enough to read in a table."""
    return UnreadableFile(f"corrupt {kind}: {one_line(error)}")


def one_line(error: BaseException, limit: int = 160) -> str:
    message = " ".join(str(error).split()) or type(error).__name__
    return message if len(message) <= limit else message[: limit - 1] + "…"
