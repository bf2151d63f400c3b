"""Sofia: answers about starting a work-integration social enterprise, from the municipalities' own documents."""

__version__ = "0.1.0"
