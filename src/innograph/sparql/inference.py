"""Whether a query sees the reasoner's triples: the `infer` parameter of the endpoint.

The inferred graph (`INFERRED_GRAPH`, the OWL 2 RL closure) is a named graph, so the union
default graph includes it and a query sees asserted and inferred triples alike. `infer=false`
asks for what the sources say only: the default graph becomes the union of every graph but the
inferred one, and GRAPH cannot see it either. The name and its values are those of the RDF4J
REST protocol (`infer`, default `true`), which GraphDB serves too, so a client written for them
needs nothing new.

It chooses the *default* dataset only: a request that names its dataset (`default-graph-uri`,
`named-graph-uri`) or a query that does (FROM, FROM NAMED) gets exactly the graphs it names, as
SPARQL defines, the inferred graph included if named. With `INNOGRAPH_DEFAULT_GRAPH=own` the
default graph is the store's own, which the reasoner never writes, so only GRAPH changes.

The dataset travels with the job as a list of graphs (built once per store version), as the
store's union does per query: pyoxigraph offers no union *but one* graph, and the union the store
passes by default is such a list already. Measured at 5,000 graphs: the list costs pyoxigraph
7 ms a query, against 0.03 ms for its built-in union, and the default pays it too; the job's
fingerprint and pickling add 2 ms in the service, the only cost the asserted choice adds.
"""

from __future__ import annotations

from dataclasses import replace

from innograph.errors import QueryError
from innograph.queries import asserted_dataset
from innograph.sparql.messages import QueryJob
from innograph.sparql.screening import has_dataset_clause
from innograph.store import DEFAULT_GRAPH, Store

__all__ = ["INFER_PARAMETER", "read_infer", "without_inferences"]

INFER_PARAMETER = "infer"
"""The request parameter: `infer=false` leaves the inferred graph out of the default dataset."""

_VALUES = {"true": True, "false": False}


def read_infer(value: str | None) -> bool:
    """Given the parameter's value (None: absent), return whether inferences are included.

    `read_infer('false')` → False; `read_infer(None)` → True; anything but true and false
    (case-insensitive) is a QueryError."""
    if value is None:
        return True
    chosen = _VALUES.get(value.lower())
    if chosen is None:
        raise QueryError(f"{INFER_PARAMETER}={value!r}: send {INFER_PARAMETER}=true or false")
    return chosen


def without_inferences(job: QueryJob, store: Store, *, union_default_graph: bool) -> QueryJob:
    """Given a job without a dataset of its own, return it reading the asserted graphs only;
    a job (or query) that names its dataset is returned as it is."""
    if job.default_graphs is not None or job.named_graphs is not None:
        return job
    if has_dataset_clause(job.text):
        return job
    dataset = asserted_dataset(store)
    default = dataset.default_graphs if union_default_graph else (DEFAULT_GRAPH,)
    return replace(job, default_graphs=default, named_graphs=dataset.named_graphs)
