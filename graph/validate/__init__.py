"""SHACL validation of a store: the shapes compiled to SPARQL (or pyshacl) and a report that names the
document and line of each violation."""
