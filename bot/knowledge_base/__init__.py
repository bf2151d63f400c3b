"""The knowledge base: reading documents, chunking, embedding and indexing them, contact points, the
documents staff add and their review dates. May use search (it builds the retriever over each index),
records and the shared modules (config, models, review_dates); never answers, cases or a channel."""
