"""The content model: records, loading, validation, vocabulary, administrative units, figures."""
