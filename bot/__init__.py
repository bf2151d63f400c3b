"""Sofia: answers about starting a work-integration social enterprise, from the municipalities' own documents.

The layers, top to bottom: channels; services (the core assembled) and retention (the purge across
every store); cases; answers; knowledge_base; search; records. config, models and review_dates are
shared by all. pyproject.toml's import-linter contracts keep imports pointing down.
"""

__version__ = "0.1.0"
