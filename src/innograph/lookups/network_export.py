"""The actor network, for network analysis tools: GraphML and GEXF (Gephi, networkx, igraph,
Cytoscape) and a pair of CSV tables (Gephi's spreadsheet import).

Nodes are the organisations and people, and whatever else a link reaches, by IRI, with their
display name (`label`), kind (`organisation`, `person`), asserted classes, country and sectors.
Edges are the typed links `innograph.lookups.links` reads (agreement, membership, founding,
hosting, post), each once, pointing the way the outgoing relation reads (a member to its
association, `member-of`; a park to the organisation it `hosts`; a person to the organisation
they hold a post in); an agreement binds its parties alike, so its edge is `mutual` (an
undirected edge in the CSV tables), from the party whose IRI sorts first. Several links
between two actors are several edges (a multigraph). Attributes a link does not have are left
out rather than written empty; a list (sectors, classes) is one text, `; `-separated.

networkx writes GraphML and GEXF as their schemas say (typed attribute keys, XML escaping), so
the files are not written by hand; it is imported here only, when an export asks for it.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pyoxigraph

from innograph.errors import InvalidParameter
from innograph.lookups.descriptions import KINDS_OF, ORGANISATION, PERSON
from innograph.lookups.labels import naming
from innograph.lookups.links import RawLink, raw_links
from innograph.lookups.rows import iri, service_query, text
from innograph.queries import run_query
from innograph.store import Store

if TYPE_CHECKING:
    import networkx

__all__ = ["NETWORK_FORMATS", "actor_network", "write_network", "NODES_FILE", "EDGES_FILE"]

NETWORK_FORMATS = ("graphml", "gexf", "csv")
NODES_FILE, EDGES_FILE = "nodes.csv", "edges.csv"

_OUTGOING = {
    "has-member": "member-of",
    "founded": "founded-by",
    "hosted-by": "hosts",
    "post-held-by": "holds-post-in",
}
"""Each incoming relation's outgoing reading: the same link, seen from its other end."""
_KIND_NAMES = {ORGANISATION: "organisation", PERSON: "person"}
_SEPARATOR = "; "


_Names = Callable[[Iterable[str]], str]
"""Display names of IRIs, `; `-separated (empty for none)."""


def _actor_fields(store: Store) -> dict[str, dict[str, list[str]]]:
    """Each organisation's and person's asserted classes, countries and sectors, as IRIs by
    field; every actor is there, with no field if the graph gives none."""
    actors = {resource for resource, kind in KINDS_OF.table(store).items() if kind in _KIND_NAMES}
    fields: dict[str, dict[str, list[str]]] = {actor: defaultdict(list) for actor in actors}
    rows = run_query(store, service_query("network-actors"), asserted=True)
    assert isinstance(rows, pyoxigraph.QuerySolutions)
    for row in rows:
        actor, field, value = iri(row, "actor"), text(row, "field"), iri(row, "value")
        if actor in fields and field and value:
            fields[actor][field].append(value)
    return fields


def _node(
    names: _Names, node: str, kinds: Iterable[str], fields: dict[str, list[str]]
) -> dict[str, str]:
    attributes = {
        "label": names([node]),
        "iri": node,
        "kind": _SEPARATOR.join(sorted(_KIND_NAMES[kind] for kind in kinds if kind in _KIND_NAMES)),
        "classes": names(sorted(fields.get("type", ()))),
        "country": names(sorted(fields.get("country", ()))),
        "sectors": names(sorted(fields.get("sector", ()))),
    }
    return {name: value for name, value in attributes.items() if value}


def _edge(names: _Names, actor: str, link: RawLink) -> tuple[str, str, dict[str, object]]:
    """A link as (source, target, attributes), pointing the way its outgoing relation reads."""
    relation = _OUTGOING.get(link.relation, link.relation)
    source, target = (actor, link.other) if relation == link.relation else (link.other, actor)
    if link.direction == "mutual":
        source, target = sorted((actor, link.other))
    attributes: dict[str, object] = {
        "label": relation,
        "kind": link.kind,
        "relation": relation,
        "mutual": link.direction == "mutual",
        "via": link.via,
        "date": link.date,
        "announced": link.announced,
        "role": names([link.role]) if link.role else None,
        "status": names([link.status]) if link.status else None,
        "sectors": names(link.sectors) or None,
    }
    return source, target, {name: value for name, value in attributes.items() if value is not None}


def actor_network(store: Store) -> networkx.MultiDiGraph[str]:
    """Given a store, return its actors and the typed links between them."""
    import networkx

    display = cache(lambda resource: naming(store, resource).display)  # a sector: many times

    def names(resources: Iterable[str]) -> str:
        return _SEPARATOR.join(display(resource) for resource in resources)

    fields = _actor_fields(store)
    graph: networkx.MultiDiGraph[str] = networkx.MultiDiGraph(name="innograph actor network")
    seen: set[tuple[str, str, str, str | None]] = set()
    for actor in sorted(fields):
        for link in raw_links(store, actor):
            source, target, attributes = _edge(names, actor, link)
            key = (source, target, str(attributes["relation"]), link.via)
            if key not in seen:
                seen.add(key)
                graph.add_edge(source, target, **attributes)
    for node in sorted({*fields, *graph.nodes}):
        kinds = KINDS_OF.get(store, node)
        graph.add_node(node, **_node(names, node, kinds, fields.get(node, {})))
    return graph


def write_network(store: Store, network_format: str, output: IO[bytes] | Path) -> None:
    """Write the actor network: GraphML or GEXF to a stream, or the CSV tables `nodes.csv` and
    `edges.csv` into a folder (created if missing)."""
    if network_format not in NETWORK_FORMATS:
        known = ", ".join(NETWORK_FORMATS)
        raise InvalidParameter("format", f"unknown network format {network_format!r} ({known})")
    if (network_format == "csv") != isinstance(output, Path):
        wanted = "a folder" if network_format == "csv" else "a stream"
        raise InvalidParameter("output", f"the {network_format} network is written to {wanted}")
    import networkx

    graph = actor_network(store)
    if isinstance(output, Path):
        _write_tables(graph, output)
    elif network_format == "graphml":
        networkx.write_graphml(graph, output)
    else:
        networkx.write_gexf(graph, output)


_NODE_DETAILS = ("kind", "classes", "country", "sectors")
_EDGE_DETAILS = ("via", "date", "announced", "role", "status", "sectors")


def _write_tables(graph: networkx.MultiDiGraph[str], folder: Path) -> None:
    """Gephi's spreadsheet import: nodes with `Id` and `Label`; edges with `Source`, `Target`
    and `Type` (`Directed`, or `Undirected` for an agreement); the other columns are read as
    attributes."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / NODES_FILE).open("w", encoding="utf-8", newline="") as stream:
        nodes = csv.writer(stream)
        nodes.writerow(["Id", "Label", *_NODE_DETAILS])
        for node, data in graph.nodes(data=True):
            details = (data.get(column, "") for column in _NODE_DETAILS)
            nodes.writerow([node, data["label"], *details])
    with (folder / EDGES_FILE).open("w", encoding="utf-8", newline="") as stream:
        edges = csv.writer(stream)
        edges.writerow(["Source", "Target", "Type", "Label", "kind", *_EDGE_DETAILS])
        for source, target, data in graph.edges(data=True):
            direction = "Undirected" if data["mutual"] else "Directed"
            details = (data.get(column, "") for column in _EDGE_DETAILS)
            edges.writerow([source, target, direction, data["label"], data["kind"], *details])
