"""Namespaces and a small, fast N-Triples writer (records become text that every store loads)."""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
import unicodedata
from decimal import Decimal
from typing import TextIO

PI = "https://w3id.org/pikg/ontology#"
FW = "https://w3id.org/pikg/framework/"
ID = "https://w3id.org/pikg/id/"
GRAPH = "https://w3id.org/pikg/graph/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
ORG = "http://www.w3.org/ns/org#"
SH = "http://www.w3.org/ns/shacl#"

PREFIXES = {
    "pi": PI, "fw": FW, "id": ID, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "owl": OWL, "skos": SKOS,
    "prov": PROV, "dcterms": DCT, "org": ORG,
}

ONTOLOGY_GRAPH = GRAPH + "ontology"
FRAMEWORK_GRAPH = GRAPH + "framework"
CATALOGUE_GRAPH = GRAPH + "catalogue"
ANALYSIS_GRAPH = GRAPH + "analysis"


def sparql_prefixes() -> str:
    return "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


def doc_graph(stem: str) -> str:
    """The named graph that holds one source document's triples."""
    return f"{GRAPH}doc/{slug(stem)}"


def slug(s: str) -> str:
    """An IRI-safe path segment: ASCII kept, anything else percent-encoded."""
    return re.sub(r"[^A-Za-z0-9._~-]", lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), s)


@lru_cache(maxsize=1 << 20)
def norm_name(s: str) -> str:
    """The normalised form of an indicator or organisation name: NFKC, no spaces, Latin lower-cased (cached:
    the analyses normalise the same few thousand names millions of times)."""
    s = unicodedata.normalize("NFKC", s or "")
    s = re.sub(r"\s+", "", s)
    s = s.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    return s.lower()


def display_name(s: str) -> str:
    """A name for display: NFKC and no white space, letters kept as printed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))


def hashed(kind: str, name: str) -> str:
    """A stable IRI for a named thing shared across documents (an indicator, a department)."""
    h = hashlib.sha1(norm_name(name).encode("utf-8")).hexdigest()[:16]
    return f"{ID}{kind}/{h}"


def iri(u: str) -> str:
    return f"<{u}>"


_ESC = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_ESC_RE = re.compile(r'[\\"\n\r\t]')


def lit(value: object, lang: str | None = None) -> str:
    """An N-Triples literal: str (optionally with a language), bool, int, float/Decimal as xsd:decimal."""
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^<{XSD}boolean>'
    if isinstance(value, int):
        return f'"{value}"^^<{XSD}integer>'
    if isinstance(value, (float, Decimal)):
        d = Decimal(str(value)).normalize()
        text = format(d, "f")
        if "." not in text:
            text += ".0"
        return f'"{text}"^^<{XSD}decimal>'
    s = _ESC_RE.sub(lambda m: _ESC[m.group(0)], str(value))
    return f'"{s}"@{lang}' if lang else f'"{s}"'


class LineSpool:
    """A write-only stand-in for Triples.lines: each line goes straight to an open text file (so that millions
    of analysis triples are never held in memory), and only their number is kept."""

    def __init__(self, f: TextIO) -> None:
        self.f = f
        self.count = 0

    def append(self, line: str) -> None:
        self.f.write(line)
        self.f.write("\n")
        self.count += 1

    def __len__(self) -> int:
        return self.count


class Triples:
    """Collects triples as N-Triples lines (subject and predicate given as full IRIs); with a `spool` file,
    writes them there instead (then only adding and len() work)."""

    def __init__(self, spool: TextIO | None = None) -> None:
        self.lines: list[str] | LineSpool = LineSpool(spool) if spool is not None else []

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"<{s}> <{p}> {o} .")

    def add_iri(self, s: str, p: str, o: str | None) -> None:
        if o:
            self.lines.append(f"<{s}> <{p}> <{o}> .")

    def add_lit(self, s: str, p: str, value: object, lang: str | None = None) -> None:
        if value is None or value == "":
            return
        self.lines.append(f"<{s}> <{p}> {lit(value, lang)} .")

    def nquads(self, graph: str) -> str:
        """The triples as N-Quads lines in the given graph."""
        tail = f" <{graph}> .\n"
        return "".join(line[:-2] + tail for line in self.lines)

    def text(self) -> str:
        return "\n".join(self.lines) + ("\n" if self.lines else "")

    def write(self, f) -> None:
        """Write the triples as N-Triples lines to an open text file."""
        for line in self.lines:
            f.write(line)
            f.write("\n")

    def __len__(self) -> int:
        return len(self.lines)
