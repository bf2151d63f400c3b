"""Answers: intent, requests for a person, the fact asked for, the decision whether the documents
answer (with its fitted weights), the composers, approved answers and the answer service. May use
the knowledge base, search, records and the shared modules; never cases or a channel."""
