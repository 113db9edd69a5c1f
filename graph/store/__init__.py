"""Where triples live: the store kinds (Oxigraph on disk, rdflib in memory, an Oxigraph server, any SPARQL
endpoint, Virtuoso), the on-disk store directory (writer lock, atomic swap, recovery) and the child
servers pikg starts."""
