"""The knowledge base: the index on disk and search over it."""
