"""A source text cut into passages, by one rule a curator can predict.

Every paragraph (text between blank lines) is a passage; a dateline opening a paragraph
("Bresso, 17 maggio 2021 - …") is a passage of its own; a paragraph without a quotation is cut
into sentences (a full stop, a space, a capital letter), while one with a quotation stays whole,
so a quotation is never split. Passages are numbered from 1 in reading order: the numbers a
release sheet cites, and the order `ig:passageIndex` records.
"""

from __future__ import annotations

import re

__all__ = ["passages_of"]

_DATELINE = re.compile(r"^(\w+, \d{1,2} \w+ \d{4}) - (.*)$", re.DOTALL)
_SENTENCE_END = re.compile(r"(?<=\.) (?=[A-Z])")


def passages_of(text: str) -> list[str]:
    """Given a release's text, return its passages in order: ['OpenZone sigla …', …]."""
    passages: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        paragraph = block.strip()
        if not paragraph:
            continue
        dateline = _DATELINE.match(paragraph)
        if dateline:
            passages.append(dateline.group(1))
            paragraph = dateline.group(2)
        if '"' in paragraph:
            passages.append(paragraph)
        else:
            passages.extend(_SENTENCE_END.split(paragraph))
    return passages
