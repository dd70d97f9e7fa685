"""Type aliases shared by every layer, so each module speaks the same vocabulary."""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph

__all__ = ["Term", "Bindings", "GraphName"]

Term = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal
"""An RDF term that can be bound to a query variable."""

Bindings = Mapping[str, Term]
"""Values for query variables, by variable name without the `?`."""

GraphName = str
"""The IRI of a named graph."""
