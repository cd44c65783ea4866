"""`conflictkg serve`: the graph over HTTP (SPARQL protocol, linked data, submissions, pages)."""
