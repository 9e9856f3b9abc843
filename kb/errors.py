"""Every error the product raises on purpose. The CLI prints the message and exits 1; the app shows it.

KnowledgeBaseError
 +-- UnreadableFile        a file is skipped; the message is its line in the ingest report
 +-- OcrUnavailable        Tesseract cannot run here; the message says what to install
 +-- EmbedderUnavailable   the embedding model cannot be loaded (or its file is not one)
 +-- TaxonomyError         ingest/taxonomy.json is missing, not JSON, or of the wrong shape
 +-- SettingsInvalid       a KB_* environment variable cannot be read (KB_MAX_FILE_MB=lots)
 +-- IndexNotFound         no index at the path: build one with `kb ingest`
 +-- IndexIncompatible     built by another schema version or embedder
 +-- IndexDamaged          a file of the index is missing, cut short or unreadable: rebuild it
 +-- IndexBusy             another ingest is writing the index
 +-- IndexWriteFailed      disk full or no permission: the previous index stays live
 +-- EmptyQuery            nothing to search for
 +-- QueriesInvalid        a kb eval queries file has a line that is not a query
 +-- PassageNotFound       no passage has this id (its document left the index)
"""


class KnowledgeBaseError(Exception):
    pass


class UnreadableFile(KnowledgeBaseError):
    pass


class OcrUnavailable(KnowledgeBaseError):
    pass


class EmbedderUnavailable(KnowledgeBaseError):
    pass


class TaxonomyError(KnowledgeBaseError):
    pass


class SettingsInvalid(KnowledgeBaseError):
    pass


class IndexNotFound(KnowledgeBaseError):
    pass


class IndexIncompatible(KnowledgeBaseError):
    pass


class IndexOutdated(IndexIncompatible):
    """Written by an older version of kb: a plain `kb ingest` of its folders updates it (no --rebuild, which keeps only
    the folders given)."""


class IndexDamaged(KnowledgeBaseError):
    pass


class IndexBusy(KnowledgeBaseError):
    pass


class IndexWriteFailed(KnowledgeBaseError):
    pass


class EmptyQuery(KnowledgeBaseError):
    pass


class QueriesInvalid(KnowledgeBaseError):
    pass


class PassageNotFound(KnowledgeBaseError):
    pass


def corrupt(kind: str, error: BaseException) -> UnreadableFile:
    """The report line for a parser's complaint: one line, short enough to read in a table."""
    return UnreadableFile(f"corrupt {kind}: {one_line(error)}")


def one_line(error: BaseException, limit: int = 160) -> str:
    message = " ".join(str(error).split()) or type(error).__name__
    return message if len(message) <= limit else message[: limit - 1] + "…"


def shown_name(name: str) -> str:
    """A file's name as citations, titles and reports show it: a newline, a terminal's escape sequence or a mark that
    turns the text right to left written out (\\n, \\x1b, \\u202e), so that it can neither break a line nor act."""
    return "".join(char if char.isprintable() else ascii(char)[1:-1] for char in name)
