"""Protégé's XML catalogs (`catalog-v001.xml`): read them, and find the imports they miss.

Protégé opens a Turtle file and, before fetching an `owl:imports` from the network, looks the
IRI up in the `catalog-v001.xml` of the file's folder (an OASIS XML catalog of `<uri name=…
uri=…>` entries, relative to the catalog). These helpers read a catalog the same way, so that
the tests can check it is complete and hand its mappings to the OWL API.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from pathlib import Path

import rdflib
from rdflib.namespace import OWL, RDF

from innograph.ingest.sources import XML_CATALOG

__all__ = ["read_catalog", "ontology_iris", "imports_of", "catalog_problems"]

_OASIS = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"


def read_catalog(path: Path) -> dict[str, Path]:
    """Given a catalog, return each IRI it maps with the file it maps it to (resolved)."""
    root = ElementTree.parse(path).getroot()
    return {
        entry.attrib["name"]: (path.parent / entry.attrib["uri"]).resolve()
        for entry in root.iter(_OASIS + "uri")
    }


def _graph(path: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="turtle")


def ontology_iris(path: Path) -> set[str]:
    """The IRIs a Turtle file answers to: its ontology IRIs and version IRIs."""
    graph = _graph(path)
    names = {str(iri) for iri in graph.subjects(RDF.type, OWL.Ontology)}
    return names | {str(iri) for iri in graph.objects(None, OWL.versionIRI)}


def imports_of(path: Path) -> set[str]:
    """The IRIs a Turtle file imports."""
    return {str(iri) for iri in _graph(path).objects(None, OWL.imports)}


def catalog_problems(files: Iterable[Path]) -> list[str]:
    """Every import of `files` that the catalog beside the importing file leaves unresolved,
    and every mapping of those catalogs to a file that is missing or is not that ontology."""
    problems: list[str] = []
    catalogs: set[Path] = set()
    for path in files:
        imported = imports_of(path)
        catalog = path.parent / XML_CATALOG
        if imported and not catalog.is_file():
            problems.append(f"{path}: imports {sorted(imported)}, but there is no {catalog}")
            continue
        mapped = read_catalog(catalog) if catalog.is_file() else {}
        catalogs.update([catalog] if catalog.is_file() else [])
        problems.extend(
            f"{path}: {catalog} does not map the import {iri}"
            for iri in sorted(imported - set(mapped))
        )
    for catalog in sorted(catalogs):
        for iri, target in read_catalog(catalog).items():
            if not target.is_file():
                problems.append(f"{catalog}: {iri} is mapped to {target}, which does not exist")
            elif iri not in ontology_iris(target):
                problems.append(f"{catalog}: {iri} is mapped to {target}, which is not {iri}")
    return problems
