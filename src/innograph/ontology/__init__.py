"""Tools over the ontology files: the hygiene report and the HTML documentation."""
