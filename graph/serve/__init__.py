"""`pikg serve`: the query page and a guarded SPARQL endpoint in front of an Oxigraph child server, and the
optional in-memory copy of the store."""
