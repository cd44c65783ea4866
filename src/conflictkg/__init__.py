"""conflict-kg: a linked-data knowledge graph of armed-conflict events built from sourced claims."""

__version__ = "0.1.0"
