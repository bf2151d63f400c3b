"""Composers turn retrieved passages into an answer with numbered citations."""
