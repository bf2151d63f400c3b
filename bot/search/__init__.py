"""Search: Swedish lexical matching, hybrid retrieval and its fusion weights, places and names in
text, a text's language, and the word lists they read. It is handed its passages, index and embedder,
and may use only the shared modules (config, models)."""
