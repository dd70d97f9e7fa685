"""The ontology as the store holds it: its RDF, and its reference page, for `/ontology`.

The ontology is the graph that declares `https://w3id.org/innograph/ontology` an
`owl:Ontology` (the loaded `ontology/innograph.ttl`), so what the service documents is what
its queries and its reasoner read. The page (pyLODE, a second or two) is built once per store
version and language.
"""

from __future__ import annotations

import io

import pyoxigraph

from innograph.caching import VersionedCache
from innograph.errors import NotFound
from innograph.namespaces import ONTOLOGY
from innograph.store import Store

__all__ = ["ontology_rdf", "ontology_page"]

_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_ONTOLOGY_CLASS = pyoxigraph.NamedNode("http://www.w3.org/2002/07/owl#Ontology")
_PAGES: VersionedCache[str, str] = VersionedCache(max_size=4)


def ontology_rdf(store: Store, rdf_format: pyoxigraph.RdfFormat) -> bytes:
    """Given an RDF format, return the ontology's graph in it; NotFound if none is loaded."""
    declared = next(store.quads(pyoxigraph.NamedNode(ONTOLOGY), _TYPE, _ONTOLOGY_CLASS), None)
    if declared is None or not isinstance(declared.graph_name, pyoxigraph.NamedNode):
        raise NotFound(f"the store holds no graph declaring <{ONTOLOGY}> an owl:Ontology")
    written = io.BytesIO()
    store.dump(written, rdf_format=rdf_format, graph=declared.graph_name.value)
    return written.getvalue()


def ontology_page(store: Store, language: str) -> str:
    """Given a language (`en`, `it`), return the ontology's reference page in it."""
    return _PAGES.get(store, language, lambda: _page(store, language))


def _page(store: Store, language: str) -> str:
    import rdflib  # only the page needs rdflib and pyLODE: imported on first use

    from innograph.ontology.documentation import documentation_page

    graph = rdflib.Graph().parse(
        data=ontology_rdf(store, pyoxigraph.RdfFormat.N_TRIPLES), format="nt"
    )
    return documentation_page(graph, language=language)
