"""The ontology files (ontology/*.ttl) as pikg reads them: their folder and each file as N-Triples."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"


@lru_cache(maxsize=None)
def turtle_as_ntriples(name: str) -> str:
    """An ontology file (pikg.ttl, framework.ttl, shapes.ttl) as N-Triples text."""
    import pyoxigraph as ox

    data = (ONTOLOGY_DIR / name).read_bytes()
    return ox.serialize(ox.parse(data, ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
