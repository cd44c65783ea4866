"""The model's terms and names: the project's prefixes and rdflib namespaces, finding nodes by
name (labels and aliases, normalised; close names for suggestions; look-alike names by Unicode skeleton; IRIs in normal form),
dates and figures as sources write them, the duplicate-event rule, and the ontology's OWL RL
entailments.

May import: conflictkg.core.
"""

__all__ = ["prefixes", "namespaces", "names", "fuzzy", "identity", "dates", "figures", "duplicates", "entailment"]
