"""A write checked with the SHACL shapes against the store as the write will leave it: only
the nodes it touches, in the part of the store around them (`surroundings`), so a release of a
few hundred triples costs the same beside two million triples as in an empty store.

    jobs = checks_of_write(validator, store, graphs, drop=drop, names=names)
    check_apart(validator, jobs, timeout=…)       # or: for job in jobs: validator.check_job(job)

The verdict is the store's: a release may name an organisation another release describes, and
two releases together may break a shape neither breaks alone (a second value where one is
allowed). The shapes themselves run in `innograph.ingest.validation`, pySHACL or pyshacl-turbo.
"""

from innograph.validation.writes import checks_of_change, checks_of_write

__all__ = ["checks_of_write", "checks_of_change"]
