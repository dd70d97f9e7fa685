"""Generate a synthetic innovation ecosystem as N-Triples, seeded, for load and query benchmarks.

Every subject lives in the synthetic namespace (`igsyn:`), so benchmark data can never be
mistaken for, or merged into, real releases; objects may be the ontology's own terms and
concepts (`ig:`, `igid:sector/…`). Lines are built as strings, not pyoxigraph terms: that is
several times faster and the N-Triples grammar is simple enough to write by hand.

    python -m benchmarks.generate --organisations 50000 --seed 7 --output benchmarks/out/eco-50k.nt

With `--traced`, every fact is followed by the owl:Axiom annotation that traces it to a passage
of a synthetic press release, as the project's shapes require of every fact (`traced`): six
lines a fact, and data a SHACL validation accepts.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TextIO

from innograph.namespaces import IG, IGID, SYNTHETIC

__all__ = ["generate", "traced", "write", "main"]

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_ORG = "http://www.w3.org/ns/org#"
_FOAF_PERSON = "<http://xmlns.com/foaf/0.1/Person>"


def _ig(name: str) -> str:
    return f"<{IG}{name}>"


def _igid(path: str) -> str:
    return f"<{IGID}{path}>"


def _org(name: str) -> str:
    return f"<{_ORG}{name}>"


_LOCATED_IN, _COUNTRY, _PART_OF_PLACE = _ig("locatedIn"), _ig("country"), _ig("partOfPlace")
_ACTIVE_IN_SECTOR, _FOUNDING_YEAR, _FOUNDED_BY = (
    _ig("activeInSector"),
    _ig("foundingYear"),
    _ig("foundedBy"),
)
_HOSTS, _HOSTED_ORGANISATIONS, _DIRECT_INVESTMENTS = (
    _ig("hosts"),
    _ig("hostedOrganisations"),
    _ig("directInvestments"),
)
_FIGURE, _NUMERIC_VALUE, _APPROXIMATION, _COUNTED_KIND = (
    _ig("Figure"),
    _ig("numericValue"),
    _ig("approximation"),
    _ig("countedKind"),
)
_MOU, _HAS_PARTY, _SIGNING_DATE, _FOCUS_SECTOR, _HAS_AGREEMENT_WITH = (
    _ig("MemorandumOfUnderstanding"),
    _ig("hasParty"),
    _ig("signingDate"),
    _ig("focusSector"),
    _ig("hasAgreementWith"),
)
_MEMBERSHIP, _MEMBER, _ORGANIZATION, _MEMBERSHIP_STATUS, _ACTIVE = (
    _org("Membership"),
    _org("member"),
    _org("organization"),
    _ig("membershipStatus"),
    _igid("membership-status/active"),
)
_POST, _HELD_BY, _HOLDS, _POST_IN, _ROLE, _GENERAL_MANAGER = (
    _org("Post"),
    _org("heldBy"),
    _org("holds"),
    _org("postIn"),
    _org("role"),
    _igid("role/general-manager"),
)
_MUNICIPALITY, _COUNTRY_CLASS, _COMPANY = _ig("Municipality"), _ig("Country"), _ig("Company")

_SECTORS = tuple(
    _igid(f"sector/{slug}")
    for slug in (
        "healthcare",
        "life-science",
        "medical-technology",
        "digital-health",
        "technology-services",
        "science-park-and-incubator-management",
        "technology-city-investment-and-development",
        "technology-finance",
        "educational-scientific-research",
    )
)
"""The sector concepts the seed release uses (see the ontology's sector scheme)."""

_APPROXIMATIONS = tuple(_igid(f"approximation/{a}") for a in ("exact", "about", "nearly"))

_COUNTRIES = (
    ("italy", "Italy", "Italia", "+01:00"),
    ("china", "China", "Cina", "+08:00"),
    ("germany", "Germany", "Germania", "+01:00"),
    ("france", "France", "Francia", "+01:00"),
    ("spain", "Spain", "Spagna", "+01:00"),
    ("switzerland", "Switzerland", "Svizzera", "+01:00"),
    ("united-kingdom", "United Kingdom", "Regno Unito", "+00:00"),
    ("united-states", "United States", "Stati Uniti", "-05:00"),
    ("japan", "Japan", "Giappone", "+09:00"),
    ("south-korea", "South Korea", "Corea del Sud", "+09:00"),
    ("netherlands", "Netherlands", "Paesi Bassi", "+01:00"),
    ("sweden", "Sweden", "Svezia", "+01:00"),
    ("israel", "Israel", "Israele", "+02:00"),
    ("india", "India", "India", "+05:30"),
    ("brazil", "Brazil", "Brasile", "-03:00"),
    ("canada", "Canada", "Canada", "-05:00"),
)
"""(slug, English, Italian, UTC offset for local-midnight signing dates); earlier = likelier."""

_SYLLABLES = (
    "al", "ba", "bre", "ca", "cò", "da", "del", "fi", "for", "gio", "là", "lu", "ma", "mi",
    "né", "no", "pa", "ri", "rò", "sa", "se", "ta", "tù", "va", "vi", "zà", "zo", "ker",
    "lin", "tus", "ox", "gen", "bio", "no", "vel", "ì",
)  # fmt: skip
_GIVEN_NAMES = (
    "Fabrizio", "Giulia", "Niccolò", "Zoë", "José", "François", "Jürgen", "Wei", "Li",
    "Anna", "Marco", "Chiara", "Hiroshi", "Min-jun", "Ingrid", "Noa", "Priya", "João",
)  # fmt: skip


@dataclass(frozen=True)
class _Kind:
    """An organisation class with its share of the population and its label patterns."""

    iri: str
    weight: int
    english: str
    italian: str
    hosts: bool = False
    founds: bool = False
    company: bool = False
    association: bool = False
    figure: str | None = None
    """The property of the stated count of companies this kind publishes, if any."""


_KINDS = (
    _Kind(_ig("SciencePark"), 5, "{} Science Park", "Parco Scientifico {}", hosts=True,
          figure=_HOSTED_ORGANISATIONS),
    _Kind(_ig("ResearchInstitute"), 10, "{} Research Institute", "Istituto di Ricerca {}",
          founds=True),
    _Kind(_ig("Incubator"), 5, "{} Incubator", "Incubatore {}", hosts=True,
          figure=_HOSTED_ORGANISATIONS),
    _Kind(_ig("Association"), 3, "{} Innovation Association", "Associazione {} per l'Innovazione",
          association=True),
    _Kind(_ig("Investor"), 7, "{} Ventures", "{} Investimenti", founds=True,
          figure=_DIRECT_INVESTMENTS),
    _Kind(_ig("Company"), 38, "{} Ltd", "{} S.r.l.", company=True),
    _Kind(_ig("BiotechCompany"), 16, "{} Biotech", "{} Biotecnologie", company=True),
    _Kind(_ig("PharmaceuticalCompany"), 10, "{} Pharma", "{} Farmaceutici", company=True),
    _Kind(_ig("GeneTherapyCompany"), 4, "{} Gene Therapies", "{} Terapie Geniche", company=True),
    _Kind(_ig("CorporateGroup"), 2, "{} Group", "Gruppo {}", founds=True, company=True),
)  # fmt: skip

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _text(value: str, language: str) -> str:
    """Given `Città "Nuova"` and `it`, return `"Città \\"Nuova\\""@it` (N-Triples escaping)."""
    return f'"{value.translate(_ESCAPES)}"@{language}'


def _typed(lexical: str, datatype: str) -> str:
    return f'"{lexical}"^^<{_XSD}{datatype}>'


def _skewed(rng: random.Random, size: int) -> int:
    """An index in range(size) biased to the start, so a few hubs gather many links."""
    return int(size * rng.random() ** 2)


def _name(rng: random.Random) -> str:
    syllables = 2 if rng.random() < 0.6 else 3
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


def generate(organisations: int, *, seed: int) -> Iterator[str]:
    """Given a size and a seed, yield N-Triples lines (one triple each, newline included).

    The same (organisations, seed) always yields the same lines in the same order; about
    20 triples per organisation (types, labels, places, sectors, founding, hosting, figures,
    posts, memberships and memoranda of understanding).
    """
    if organisations < 1:
        raise ValueError("organisations must be at least 1")
    rng = random.Random(seed)
    kinds = rng.choices(_KINDS, weights=[kind.weight for kind in _KINDS], k=organisations)
    hosts = [i for i, kind in enumerate(kinds) if kind.hosts]
    founders = [i for i, kind in enumerate(kinds) if kind.founds]
    associations = [i for i, kind in enumerate(kinds) if kind.association]

    lines: list[str] = []
    for slug, english, italian, _offset in _COUNTRIES:
        country_iri = f"<{SYNTHETIC}place/country-{slug}>"
        lines += (
            f"{country_iri} {_RDF_TYPE} {_COUNTRY_CLASS} .\n",
            f"{country_iri} {_LABEL} {_text(english, 'en')} .\n",
            f"{country_iri} {_LABEL} {_text(italian, 'it')} .\n",
        )
    place_country: list[int] = []
    for place in range(max(10, organisations // 25)):
        country = _skewed(rng, len(_COUNTRIES))
        place_country.append(country)
        subject = f"<{SYNTHETIC}place/{place}>"
        name = _name(rng)
        lines += (
            f"{subject} {_RDF_TYPE} {_MUNICIPALITY} .\n",
            f"{subject} {_LABEL} {_text(name, 'en')} .\n",
            f"{subject} {_PART_OF_PLACE} <{SYNTHETIC}place/country-{_COUNTRIES[country][0]}> .\n",
        )
    yield from lines

    organisation_country: list[int] = []
    people: list[str] = []
    for index, kind in enumerate(kinds):
        lines = []
        subject = f"<{SYNTHETIC}organisation/{index}>"
        name = _name(rng)
        if kind.company and rng.random() < 0.02:
            name = f'"{name}"'
        lines += (
            f"{subject} {_RDF_TYPE} {kind.iri} .\n",
            f"{subject} {_LABEL} {_text(kind.english.format(name), 'en')} .\n",
        )
        if rng.random() < 0.4:
            lines.append(f"{subject} {_LABEL} {_text(kind.italian.format(name), 'it')} .\n")
        place = rng.randrange(len(place_country))
        country = place_country[place]
        organisation_country.append(country)
        lines += (
            f"{subject} {_LOCATED_IN} <{SYNTHETIC}place/{place}> .\n",
            f"{subject} {_COUNTRY} <{SYNTHETIC}place/country-{_COUNTRIES[country][0]}> .\n",
            f"{subject} {_FOUNDING_YEAR} {_typed(str(1950 + rng.randrange(75)), 'integer')} .\n",
        )
        lines += (
            f"{subject} {_ACTIVE_IN_SECTOR} {sector} .\n"
            for sector in rng.sample(_SECTORS, 1 + rng.randrange(3))
        )

        manager = None
        if rng.random() < 0.8:
            manager = _post(rng, lines, subject, index, people)
        if kind.company:
            chance = rng.random()
            if chance < 0.2 and founders:
                founder = founders[_skewed(rng, len(founders))]
                if founder != index:
                    lines.append(f"{subject} {_FOUNDED_BY} <{SYNTHETIC}organisation/{founder}> .\n")
            elif chance < 0.35 and manager is not None:
                lines.append(f"{subject} {_FOUNDED_BY} {manager} .\n")
            if hosts and rng.random() < 0.5:
                host = hosts[_skewed(rng, len(hosts))]
                lines.append(f"<{SYNTHETIC}organisation/{host}> {_HOSTS} {subject} .\n")
        if kind.figure is not None:
            _figure(rng, lines, subject, index, kind.figure)
        if associations and not kind.association and rng.random() < 0.3:
            association = associations[_skewed(rng, len(associations))]
            membership = f"<{SYNTHETIC}membership/{index}>"
            lines += (
                f"{membership} {_RDF_TYPE} {_MEMBERSHIP} .\n",
                f"{membership} {_MEMBER} {subject} .\n",
                f"{membership} {_ORGANIZATION} <{SYNTHETIC}organisation/{association}> .\n",
                f"{membership} {_MEMBERSHIP_STATUS} {_ACTIVE} .\n",
            )
        yield from lines

    if organisations > 1:
        for agreement in range(organisations // 2):
            yield from _agreement(rng, agreement, organisations, organisation_country)


def _post(
    rng: random.Random, lines: list[str], organisation: str, index: int, people: list[str]
) -> str:
    """Add a general manager's post in `organisation`; a few managers lead two organisations.

    A new manager joins `people`; a reused one is drawn from it, so every person is described.
    """
    if people and rng.random() < 0.05:
        person = rng.choice(people)
    else:
        person = f"<{SYNTHETIC}person/{index}>"
        people.append(person)
        full_name = f"{rng.choice(_GIVEN_NAMES)} {_name(rng)}"
        lines += (
            f"{person} {_RDF_TYPE} {_FOAF_PERSON} .\n",
            f"{person} {_LABEL} {_text(full_name, 'en')} .\n",
        )
    post = f"<{SYNTHETIC}post/{index}-general-manager>"
    lines += (
        f"{post} {_RDF_TYPE} {_POST} .\n",
        f"{post} {_HELD_BY} {person} .\n",
        f"{person} {_HOLDS} {post} .\n",
        f"{post} {_POST_IN} {organisation} .\n",
        f"{post} {_ROLE} {_GENERAL_MANAGER} .\n",
    )
    return person


def _figure(
    rng: random.Random, lines: list[str], organisation: str, index: int, predicate: str
) -> None:
    """Add a stated count of companies (hosted or invested in), as a source would give it."""
    figure = f"<{SYNTHETIC}figure/{index}>"
    lines += (
        f"{organisation} {predicate} {figure} .\n",
        f"{figure} {_RDF_TYPE} {_FIGURE} .\n",
        f"{figure} {_NUMERIC_VALUE} {_typed(str(10 * (1 + rng.randrange(150))), 'decimal')} .\n",
        f"{figure} {_APPROXIMATION} {rng.choice(_APPROXIMATIONS)} .\n",
        f"{figure} {_COUNTED_KIND} {_COMPANY} .\n",
    )


def _agreement(
    rng: random.Random, number: int, organisations: int, organisation_country: list[int]
) -> list[str]:
    """A memorandum of understanding between two organisations, hubs being likelier parties."""
    first = _skewed(rng, organisations)
    second = rng.randrange(organisations - 1)
    second += second >= first
    agreement = f"<{SYNTHETIC}agreement/{number}>"
    party, other = f"<{SYNTHETIC}organisation/{first}>", f"<{SYNTHETIC}organisation/{second}>"
    offset = _COUNTRIES[organisation_country[first]][3]
    date = f"{2000 + rng.randrange(25)}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}"
    lines = [
        f"{agreement} {_RDF_TYPE} {_MOU} .\n",
        f"{agreement} {_HAS_PARTY} {party} .\n",
        f"{agreement} {_HAS_PARTY} {other} .\n",
        f"{agreement} {_SIGNING_DATE} {_typed(f'{date}T00:00:00{offset}', 'dateTime')} .\n",
        f"{party} {_HAS_AGREEMENT_WITH} {other} .\n",
        f"{other} {_HAS_AGREEMENT_WITH} {party} .\n",
    ]
    lines += (
        f"{agreement} {_FOCUS_SECTOR} {sector} .\n"
        for sector in rng.sample(_SECTORS, 1 + (rng.random() < 0.3))
    )
    return lines


_OWL = "http://www.w3.org/2002/07/owl#"
_AXIOM, _SOURCE, _PROPERTY, _TARGET = (
    f"<{_OWL}Axiom>",
    f"<{_OWL}annotatedSource>",
    f"<{_OWL}annotatedProperty>",
    f"<{_OWL}annotatedTarget>",
)
_STATED_IN, _PASSAGE, _TEXT, _INDEX, _PART_OF = (
    _ig("statedIn"),
    _ig("Passage"),
    _ig("text"),
    _ig("passageIndex"),
    _ig("partOfDocument"),
)


def traced(
    lines: Iterable[str], *, facts_per_passage: int = 10, passages_per_document: int = 30
) -> Iterator[str]:
    """Given N-Triples lines, yield each followed by the owl:Axiom annotation that traces it
    (`ig:statedIn` a passage), and each synthetic press release and passage before its first
    fact: the provenance frame `ontology/shapes.ttl` asks of every fact."""
    for number, line in enumerate(lines):
        passage, place = divmod(number, facts_per_passage)
        if place == 0:
            yield from _passage(passage, passages_per_document)
        subject, predicate, rest = line.split(" ", 2)
        target = rest.removesuffix(" .\n")
        axiom = f"<{SYNTHETIC}axiom/{number}>"
        yield line
        yield f"{axiom} {_RDF_TYPE} {_AXIOM} .\n"
        yield f"{axiom} {_SOURCE} {subject} .\n"
        yield f"{axiom} {_PROPERTY} {predicate} .\n"
        yield f"{axiom} {_TARGET} {target} .\n"
        yield f"{axiom} {_STATED_IN} <{SYNTHETIC}passage/{passage}> .\n"


def _passage(number: int, passages_per_document: int) -> list[str]:
    """A passage's lines, after its press release's if it is the first of that release."""
    document, index = divmod(number, passages_per_document)
    release = f"<{SYNTHETIC}source/{document}>"
    lines = []
    if index == 0:
        lines += (
            f"{release} {_RDF_TYPE} {_ig('PressRelease')} .\n",
            f"{release} {_ig('headline')} {_text(f'Synthetic release {document}', 'en')} .\n",
            f"{release} {_ig('publicationDate')} "
            f"{_typed('2024-01-01T00:00:00+00:00', 'dateTime')} .\n",
            f"{release} {_ig('language')} {_typed('en', 'string')} .\n",
        )
    passage = f"<{SYNTHETIC}passage/{number}>"
    lines += (
        f"{passage} {_RDF_TYPE} {_PASSAGE} .\n",
        f"{passage} {_TEXT} {_text(f'Synthetic passage {number}.', 'en')} .\n",
        f"{passage} {_INDEX} {_typed(str(index + 1), 'integer')} .\n",
        f"{passage} {_PART_OF} {release} .\n",
    )
    return lines


def write(organisations: int, output: TextIO, *, seed: int, trace: bool = False) -> int:
    """Write the ecosystem (`traced`, if `trace`) to a text stream in large chunks; return
    the number of triples."""
    lines = generate(organisations, seed=seed)
    if trace:
        lines = traced(lines)
    count = 0
    while chunk := list(islice(lines, 1 << 16)):
        output.write("".join(chunk))
        count += len(chunk)
    return count


def main(argv: list[str] | None = None) -> None:
    """Write a synthetic ecosystem file and report its size and triples per organisation."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__)
    parser.add_argument("--organisations", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--output", type=Path, required=True, help="an .nt file to write")
    parser.add_argument("--traced", action="store_true", help="trace every fact to a passage")
    arguments = parser.parse_args(argv)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with arguments.output.open("w", encoding="utf-8", newline="\n") as output:
        triples = write(
            arguments.organisations, output, seed=arguments.seed, trace=arguments.traced
        )
    seconds = time.perf_counter() - started
    print(
        f"{arguments.output}: {triples:,} triples for {arguments.organisations:,} organisations "
        f"({triples / arguments.organisations:.1f} per organisation) in {seconds:.2f} s "
        f"({triples / seconds:,.0f} triples/s)",
        file=sys.stdout,
    )


if __name__ == "__main__":
    main()
