import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.semanticweb.HermiT.Configuration;
import org.semanticweb.HermiT.Reasoner;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.formats.TurtleDocumentFormat;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.io.OWLOntologyLoaderMetaData;
import org.semanticweb.owlapi.model.AddImport;
import org.semanticweb.owlapi.model.AddOntologyAnnotation;
import org.semanticweb.owlapi.model.AxiomType;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLAxiom;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLDeclarationAxiom;
import org.semanticweb.owlapi.model.OWLDocumentFormat;
import org.semanticweb.owlapi.model.OWLNamedIndividual;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyCreationException;
import org.semanticweb.owlapi.model.OWLOntologyID;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.model.parameters.Imports;
import org.semanticweb.owlapi.reasoner.InferenceType;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.rdf.turtle.parser.TripleHandler;
import org.semanticweb.owlapi.rdf.turtle.parser.TurtleOntologyParser;
import org.semanticweb.owlapi.rdf.turtle.parser.TurtleOntologyParserFactory;
import org.semanticweb.owlapi.rdf.turtle.parser.TurtleParser;
import org.semanticweb.owlapi.vocab.OWLRDFVocabulary;

/**
 * Loads Turtle files with the OWL API (strict RDF mapping, no network) into one ontology, checks
 * the OWL 2 DL profile and runs HermiT on it. Prints one JSON object on stdout; exits 1 when any
 * problem is found, 2 on bad usage.
 *
 * <p>Pass 0 reads each file with the OWL API Turtle parser for syntax errors, its ontology IRIs and
 * its owl:imports; an import that is not one of the input files is a problem, and no import is ever
 * loaded. Pass 1 maps each file on its own, only to collect its declarations. Pass 2 maps it again
 * into an ontology that imports the pass-1 declarations of all the other files, so that the RDF
 * mapping knows every entity declared anywhere in the input (as if the files were one document),
 * and reports that file's unparsed triples, guessed declarations and axiom counts. Only declarations
 * cross files: a triple that one file alone cannot map must not leak a wrong reading into another.
 * The RDF mapping is the lenient one Protégé uses (the OWL API 5 strict mode rejects valid OWL 2 DL
 * such as a union class as a property domain); whatever it had to guess or leave unparsed is reported. The union of the pass-2 axioms (plus the
 * ontology annotations) is the merged ontology that is profile-checked and given to HermiT.
 *
 * <p>With {@code --alone --map IRI=FILE ... FILE.ttl}, the file is opened as Protégé opens it: on
 * its own, each owl:imports loaded from the file its IRI is mapped to (the test reads the mappings
 * from the XML catalog beside the file), any other import failing the load. The report then has
 * one file entry per ontology of the imports closure, the closure is profile-checked and given to
 * HermiT, and "inferredTypes" lists, for each individual of the opened file, the named classes
 * HermiT infers it to be in that no ontology of the closure asserts.
 */
public final class OntologyCheck {
    private static final String CONTEXT_IRI = "urn:innograph-check:context";
    private static final String BLOCKED_DOCUMENT = "file:///nonexistent/innograph-check/blocked";

    private OntologyCheck() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: OntologyCheck FILE.ttl [FILE.ttl ...]\n"
                    + "       OntologyCheck --alone [--map IRI=FILE ...] FILE.ttl");
            System.exit(2);
        }
        Json report;
        if (args[0].equals("--alone")) {
            Map<IRI, IRI> mappings = new LinkedHashMap<>();
            int i = 1;
            while (i + 1 < args.length && args[i].equals("--map")) {
                String[] mapping = args[i + 1].split("=", 2);
                mappings.put(IRI.create(mapping[0]), IRI.create(new File(mapping[1]).toURI()));
                i += 2;
            }
            if (i != args.length - 1) {
                System.err.println("usage: OntologyCheck --alone [--map IRI=FILE ...] FILE.ttl");
                System.exit(2);
            }
            report = checkAlone(new File(args[i]), mappings);
        } else {
            List<File> files = new ArrayList<>();
            for (String arg : args) {
                files.add(new File(arg));
            }
            report = check(files);
        }
        System.out.println(report.render());
        System.exit(report.problemCount() == 0 ? 0 : 1);
    }

    /** Open one file as Protégé does, its imports resolved by the mappings alone (no network). */
    private static Json checkAlone(File file, Map<IRI, IRI> mappings) throws OWLOntologyCreationException {
        Json report = new Json();
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        manager.getIRIMappers().clear();
        manager.getIRIMappers().add(iri -> mappings.getOrDefault(iri, IRI.create(BLOCKED_DOCUMENT)));
        // Debian's OWL API gives a new manager a null among its parsers (one it cannot build),
        // which fails every load: the files are Turtle, and the Turtle parser is the only one.
        manager.getOntologyParsers().set(new TurtleOntologyParserFactory());
        manager.setOntologyLoaderConfiguration(manager.getOntologyLoaderConfiguration()
                .setStrict(false)
                .setFollowRedirects(false)
                .setReportStackTraces(false)
                .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.THROW_EXCEPTION));
        OWLOntology root;
        try {
            root = manager.loadOntologyFromOntologyDocument(
                    new FileDocumentSource(file, new TurtleDocumentFormat()));
        } catch (Exception | Error e) {
            Json fileReport = new Json();
            fileReport.put("path", file.getPath());
            fileReport.put("parseError", describe(e));
            report.countProblem();
            report.put("files", List.of(fileReport));
            report.put("problemCount", report.problemCount());
            return report;
        }
        List<Json> fileReports = new ArrayList<>();
        for (OWLOntology ontology : root.importsClosure().collect(Collectors.toList())) {
            Json fileReport = new Json();
            fileReport.put("path", new File(manager.getOntologyDocumentIRI(ontology).toURI()).getPath());
            fileReport.put("ontologyIri", ontology.getOntologyID().getOntologyIRI()
                    .map(IRI::toString).orElse(null));
            fileReport.put("parseError", null);
            List<String> unparsed = new ArrayList<>();
            List<String> guessed = new ArrayList<>();
            Optional<OWLOntologyLoaderMetaData> metaData =
                    manager.getOntologyFormat(ontology).getOntologyLoaderMetaData();
            if (metaData.isPresent()) {
                metaData.get().getUnparsedTriples().forEach(t -> unparsed.add(t.toString()));
                metaData.get().getGuessedDeclarations().entries().forEach(e ->
                        guessed.add(e.getKey() + " as " + e.getValue().getSimpleName()));
            }
            fileReport.put("unresolvedImports", List.of());
            fileReport.put("unparsedTriples", unparsed);
            fileReport.put("guessedDeclarations", guessed);
            report.countProblems(unparsed.size() + guessed.size());
            putAxiomCounts(fileReport, ontology);
            fileReports.add(fileReport);
        }
        report.put("files", fileReports);
        putAxiomCounts(report, root);
        putProfileViolations(report, root);
        Reasoner reasoner = reason(report, root);
        Map<String, Object> inferred = new TreeMap<>();
        if (reasoner != null) {
            reasoner.precomputeInferences(InferenceType.CLASS_ASSERTIONS);
            for (OWLNamedIndividual individual : root.individualsInSignature(Imports.EXCLUDED)
                    .collect(Collectors.toList())) {
                Set<String> classes = new TreeSet<>();
                reasoner.types(individual).filter(type -> !type.isOWLThing())
                        .filter(type -> root.importsClosure().noneMatch(ontology ->
                                ontology.classAssertionAxioms(individual).anyMatch(axiom ->
                                        axiom.getClassExpression().equals(type))))
                        .forEach(type -> classes.add(type.getIRI().toString()));
                if (!classes.isEmpty()) {
                    inferred.put(individual.getIRI().toString(), classes);
                }
            }
            reasoner.dispose();
        }
        report.put("inferredTypes", inferred);
        report.put("problemCount", report.problemCount());
        return report;
    }

    private static Json check(List<File> files) throws OWLOntologyCreationException {
        Json report = new Json();
        List<Json> fileReports = new ArrayList<>();
        List<Header> headers = new ArrayList<>();
        Set<IRI> inputOntologyIris = new LinkedHashSet<>();
        Set<IRI> allImports = new LinkedHashSet<>();
        for (File file : files) {
            Json fileReport = new Json();
            fileReport.put("path", file.getPath());
            fileReports.add(fileReport);
            try {
                Header header = Header.scan(file);
                headers.add(header);
                inputOntologyIris.addAll(header.ontologyIris);
                allImports.addAll(header.imports);
                fileReport.put("parseError", null);
            } catch (Exception | Error e) {
                headers.add(null);
                fileReport.put("parseError", describe(e));
                report.countProblem();
            }
        }
        for (int i = 0; i < files.size(); i++) {
            if (headers.get(i) != null) {
                List<String> unresolved = new ArrayList<>();
                for (IRI imported : headers.get(i).imports) {
                    if (!inputOntologyIris.contains(imported)) {
                        unresolved.add(imported.toString());
                    }
                }
                fileReports.get(i).put("unresolvedImports", unresolved);
                report.countProblems(unresolved.size());
            }
        }

        List<Set<OWLDeclarationAxiom>> pass1Declarations = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (headers.get(i) == null) {
                pass1Declarations.add(null);
                continue;
            }
            OWLOntologyManager manager = offlineManager();
            OWLOntology ontology = manager.createOntology();
            try {
                parse(files.get(i), ontology, loaderConfiguration(manager, allImports));
                pass1Declarations.add(ontology.axioms(AxiomType.DECLARATION).collect(Collectors.toSet()));
            } catch (Exception | Error e) {
                pass1Declarations.add(null);
                fileReports.get(i).put("parseError", describe(e));
                report.countProblem();
            }
        }

        OWLOntologyManager mergedManager = offlineManager();
        OWLOntology merged = mergedManager.createOntology();
        for (int i = 0; i < files.size(); i++) {
            Json fileReport = fileReports.get(i);
            if (pass1Declarations.get(i) == null) {
                continue;
            }
            OWLOntologyManager manager = offlineManager();
            OWLOntology context = manager.createOntology(IRI.create(CONTEXT_IRI));
            for (int j = 0; j < files.size(); j++) {
                if (j != i && pass1Declarations.get(j) != null) {
                    manager.addAxioms(context, pass1Declarations.get(j));
                }
            }
            OWLOntology ontology = manager.createOntology();
            manager.applyChange(new AddImport(ontology,
                    manager.getOWLDataFactory().getOWLImportsDeclaration(IRI.create(CONTEXT_IRI))));
            OWLDocumentFormat format;
            try {
                format = parse(files.get(i), ontology, loaderConfiguration(manager, allImports));
            } catch (Exception | Error e) {
                fileReport.put("parseError", describe(e));
                report.countProblem();
                continue;
            }
            List<String> unparsed = new ArrayList<>();
            List<String> guessed = new ArrayList<>();
            Optional<OWLOntologyLoaderMetaData> metaData = format.getOntologyLoaderMetaData();
            if (metaData.isPresent()) {
                metaData.get().getUnparsedTriples().forEach(t -> unparsed.add(t.toString()));
                metaData.get().getGuessedDeclarations().entries().forEach(e ->
                        guessed.add(e.getKey() + " as " + e.getValue().getSimpleName()));
            }
            fileReport.put("unparsedTriples", unparsed);
            fileReport.put("guessedDeclarations", guessed);
            report.countProblems(unparsed.size() + guessed.size());
            putAxiomCounts(fileReport, ontology);
            mergedManager.addAxioms(merged, ontology.getAxioms());
            ontology.annotations().forEach(annotation ->
                    mergedManager.applyChange(new AddOntologyAnnotation(merged, annotation)));
        }
        report.put("files", fileReports);
        putAxiomCounts(report, merged);

        putProfileViolations(report, merged);
        Reasoner reasoner = reason(report, merged);
        if (reasoner != null) {
            reasoner.dispose();
        }
        report.put("problemCount", report.problemCount());
        return report;
    }

    /** The OWL 2 DL profile's violations, of the ontology and its imports closure. */
    private static void putProfileViolations(Json report, OWLOntology ontology) {
        List<Json> violations = new ArrayList<>();
        for (OWLProfileViolation violation : new OWL2DLProfile().checkOntology(ontology).getViolations()) {
            Json item = new Json();
            item.put("type", violation.getClass().getSimpleName());
            item.put("text", violation.toString());
            violations.add(item);
        }
        report.put("profileViolations", violations);
        report.countProblems(violations.size());
    }

    /** Run HermiT; return it, for more questions, when the ontology is consistent, else null. */
    private static Reasoner reason(Json report, OWLOntology merged) {
        List<String> errors = new ArrayList<>();
        Boolean consistent = null;
        List<String> unsatisfiable = new ArrayList<>();
        Configuration configuration = new Configuration();
        configuration.ignoreUnsupportedDatatypes = false;
        configuration.throwInconsistentOntologyException = false;
        Reasoner reasoner = null;
        try {
            reasoner = new Reasoner(configuration, merged);
            consistent = reasoner.isConsistent();
            if (consistent) {
                for (OWLClass owlClass : reasoner.getUnsatisfiableClasses().getEntitiesMinusBottom()) {
                    unsatisfiable.add(owlClass.getIRI().toString());
                }
            }
        } catch (Exception | Error e) {
            errors.add(describe(e));
        }
        if (reasoner != null && !Boolean.TRUE.equals(consistent)) {
            reasoner.dispose();
            reasoner = null;
        }
        unsatisfiable.sort(null);
        report.put("reasoner", "HermiT " + org.semanticweb.HermiT.Reasoner.class.getPackage()
                .getImplementationVersion());
        report.put("consistent", consistent);
        report.put("unsatisfiableClasses", unsatisfiable);
        report.put("reasonerErrors", errors);
        report.countProblems(errors.size() + unsatisfiable.size()
                + (Boolean.FALSE.equals(consistent) ? 1 : 0));
        return reasoner;
    }

    private static void putAxiomCounts(Json target, OWLOntology ontology) {
        target.put("axiomCount", ontology.getAxiomCount(Imports.EXCLUDED));
        target.put("logicalAxiomCount", ontology.getLogicalAxiomCount(Imports.EXCLUDED));
        target.put("annotatedAxiomCount",
                ontology.axioms(Imports.EXCLUDED).filter(OWLAxiom::isAnnotated).count());
        target.put("axiomCountIgnoringAnnotations", ontology.axioms(Imports.EXCLUDED)
                .map(axiom -> axiom.getAxiomWithoutAnnotations()).distinct().count());
        Map<String, Object> perType = new TreeMap<>();
        for (AxiomType<?> type : AxiomType.AXIOM_TYPES) {
            int count = ontology.getAxiomCount(type, Imports.EXCLUDED);
            if (count > 0) {
                perType.put(type.getName(), count);
            }
        }
        target.put("axiomTypeCounts", perType);
    }

    private static OWLDocumentFormat parse(File file, OWLOntology ontology,
            OWLOntologyLoaderConfiguration configuration) {
        FileDocumentSource source = new FileDocumentSource(file, new TurtleDocumentFormat());
        return new TurtleOntologyParser().parse(source, ontology, configuration);
    }

    /** A manager that maps every document IRI to a missing local file, so it never downloads. */
    private static OWLOntologyManager offlineManager() {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        manager.getIRIMappers().clear();
        manager.getIRIMappers().add(iri -> CONTEXT_IRI.equals(iri.toString())
                ? iri : IRI.create(BLOCKED_DOCUMENT));
        return manager;
    }

    /** Protégé's RDF mapping; imports are never loaded (the other input files form the context). */
    private static OWLOntologyLoaderConfiguration loaderConfiguration(OWLOntologyManager manager,
            Collection<IRI> imports) {
        OWLOntologyLoaderConfiguration configuration = manager.getOntologyLoaderConfiguration()
                .setStrict(false)
                .setFollowRedirects(false)
                .setReportStackTraces(false)
                .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.THROW_EXCEPTION);
        for (IRI iri : imports) {
            configuration = configuration.addIgnoredImport(iri);
        }
        return configuration;
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getClass().getName());
        if (e.getMessage() != null) {
            text.append(": ").append(e.getMessage().strip());
        }
        Throwable cause = e.getCause();
        while (cause != null && cause != e) {
            text.append(" | caused by ").append(cause.getClass().getName());
            if (cause.getMessage() != null) {
                text.append(": ").append(cause.getMessage().strip());
            }
            e = cause;
            cause = cause.getCause();
        }
        return text.toString();
    }

    /** The ontology IRIs and imports of one Turtle file, read with the OWL API's Turtle parser. */
    private static final class Header implements TripleHandler {
        private static final IRI RDF_TYPE = OWLRDFVocabulary.RDF_TYPE.getIRI();
        private static final IRI OWL_ONTOLOGY = OWLRDFVocabulary.OWL_ONTOLOGY.getIRI();
        private static final IRI OWL_VERSION_IRI = OWLRDFVocabulary.OWL_VERSION_IRI.getIRI();
        private static final IRI OWL_IMPORTS = OWLRDFVocabulary.OWL_IMPORTS.getIRI();
        private final Set<IRI> ontologyIris = new LinkedHashSet<>();
        private final Set<IRI> imports = new LinkedHashSet<>();

        static Header scan(File file) throws Exception {
            Header header = new Header();
            try (InputStream in = new FileInputStream(file)) {
                new TurtleParser(in, header, IRI.create(file.toURI())).parseDocument();
            }
            return header;
        }

        @Override
        public void handleTriple(IRI subject, IRI predicate, IRI object) {
            if (predicate.equals(RDF_TYPE) && object.equals(OWL_ONTOLOGY)) {
                ontologyIris.add(subject);
            } else if (predicate.equals(OWL_VERSION_IRI)) {
                ontologyIris.add(object);
            } else if (predicate.equals(OWL_IMPORTS)) {
                imports.add(object);
            }
        }

        @Override
        public void handleTriple(IRI subject, IRI predicate, String object) {}

        @Override
        public void handleTriple(IRI subject, IRI predicate, String object, String language) {}

        @Override
        public void handleTriple(IRI subject, IRI predicate, String object, IRI datatype) {}

        @Override
        public void handlePrefixDirective(String prefixName, String prefix) {}

        @Override
        public void handleBaseDirective(IRI base) {}

        @Override
        public void handleComment(String comment) {}

        @Override
        public void handleEnd() {}
    }

    /** A minimal ordered JSON object writer (the checker must not need a JSON library). */
    private static final class Json {
        private final Map<String, Object> fields = new LinkedHashMap<>();
        private int problems;

        void put(String key, Object value) {
            fields.put(key, value);
        }

        void countProblem() {
            problems++;
        }

        void countProblems(int count) {
            problems += count;
        }

        int problemCount() {
            return problems;
        }

        String render() {
            StringBuilder out = new StringBuilder();
            write(out, fields);
            return out.toString();
        }

        private static void write(StringBuilder out, Object value) {
            if (value == null) {
                out.append("null");
            } else if (value instanceof Json) {
                write(out, ((Json) value).fields);
            } else if (value instanceof Map) {
                out.append('{');
                String separator = "";
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    out.append(separator);
                    writeString(out, entry.getKey().toString());
                    out.append(':');
                    write(out, entry.getValue());
                    separator = ",";
                }
                out.append('}');
            } else if (value instanceof Collection) {
                out.append('[');
                String separator = "";
                for (Object item : (Collection<?>) value) {
                    out.append(separator);
                    write(out, item);
                    separator = ",";
                }
                out.append(']');
            } else if (value instanceof Number || value instanceof Boolean) {
                out.append(value);
            } else {
                writeString(out, value.toString());
            }
        }

        private static void writeString(StringBuilder out, String text) {
            out.append('"');
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
    }
}
