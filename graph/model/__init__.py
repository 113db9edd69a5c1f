"""The graph's model: namespaces and IRIs (terms), the indicator framework as SKOS (framework), one
document's records as triples (rdf) and the counts written beside them (tallies)."""
