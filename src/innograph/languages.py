"""Which translation of a text a reader gets: the first of their languages it is written in,
else English, else the untagged text, else whatever there is.

A reader's languages are BCP 47 language ranges, best first (`("it-IT", "en")`). The library
takes them as a parameter and never asks where they come from: the service reads them from
`Accept-Language` (`api.negotiation`), `innograph load` from `--language`. A range is
answered by the tag equal to it, else by a less specific one (`it-IT` by `it`, as RFC 4647
§3.4's lookup falls back), else by a more specific one (`en` by `en-GB`); `*` adds nothing to
the fallback. Tags compare without regard to case, as BCP 47 has it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = ["ENGLISH", "choose_language"]

ENGLISH: tuple[str, ...] = ("en",)
"""The languages of a reader who named none."""


def choose_language(offered: Iterable[str], languages: Sequence[str] = ENGLISH) -> str | None:
    """Given the tags a text is offered in ("" for untagged) and a reader's languages, best
    first, return the tag to show, or None when nothing is offered."""
    tags = sorted(set(offered))
    for wanted in (*languages, *ENGLISH):
        found = _answering(wanted.lower(), tags)
        if found is not None:
            return found
    return "" if "" in tags else next(iter(tags), None)


def _answering(wanted: str, tags: list[str]) -> str | None:
    """The tag that answers one language range: equal, then less specific, then more."""
    if wanted in ("", "*"):
        return None
    by_case = {tag.lower(): tag for tag in tags if tag}
    subtags = wanted.split("-")
    for end in range(len(subtags), 0, -1):
        found = by_case.get("-".join(subtags[:end]))
        if found is not None:
            return found
    return next((tag for key, tag in by_case.items() if key.startswith(wanted + "-")), None)
