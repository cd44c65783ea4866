"""How the graph grows: an article read (`article`) and drafted (`draft`: its infobox cells read by
`infobox`, its prose by `prose`, with the word lists of `lexicon` and the facts of `facts`), templates
(`templates`), and a submission checked and added to data/ (`submit`, with `enrich` for what it may add
to nodes the graph holds, `authors`, `limits` and `quotes`, and
`problems` for how a refusal names what it refuses).

May import: conflictkg.core, conflictkg.model, conflictkg.rdf, conflictkg.storage, conflictkg.query,
conflictkg.validation.
"""

__all__ = ["article", "draft", "facts", "factsheet", "infobox", "lexicon", "prose", "templates", "submit", "enrich", "authors",
           "limits", "quotes", "problems"]
