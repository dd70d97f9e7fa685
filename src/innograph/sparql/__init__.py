"""The SPARQL 1.1 service: screening, time-limited execution in worker processes, results,
the Graph Store Protocol, the service description, statistics."""
