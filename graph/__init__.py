"""Records → RDF and everything after: the model (terms, framework, triples), building stores, the stores
themselves, validation, named queries, the analyses, outputs people read, and the server.

Imports flow one way: model ← store ← build, validate, query ← analysis ← output ← serve."""
