"""fintech-kg: a knowledge graph of the Chinese fintech industry from news and research reports."""

__version__ = "0.1.0"
