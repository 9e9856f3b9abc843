"""Errors of the index and search; all derive from ingest.errors.KnowledgeBaseError.

KnowledgeBaseError
 +-- UnreadableFile        (ingest) a file is skipped, with the reason
 +-- EmbedderUnavailable   (ingest) the embedding model cannot be loaded
 +-- IndexNotFound         no index at the path: build one with `kb ingest`
 +-- IndexIncompatible     built by another schema or embedder, or another ingest is writing it
 +-- IndexWriteFailed      disk full or no permission: the previous index stays live
 +-- EmptyQuery            nothing to search for
"""

from ingest.errors import KnowledgeBaseError


class IndexNotFound(KnowledgeBaseError):
    pass


class IndexIncompatible(KnowledgeBaseError):
    pass


class IndexWriteFailed(KnowledgeBaseError):
    pass


class EmptyQuery(KnowledgeBaseError):
    pass
