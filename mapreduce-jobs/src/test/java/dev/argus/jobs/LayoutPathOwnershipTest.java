package dev.argus.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code ArgusLayout} is the only class that builds or parses a path of the layout. This test reads
 * the main sources of every module and fails on a string literal that spells a piece of one outside
 * it: a partition key at the start of a segment ({@code "dt="}, {@code "/version="}, ...) or a
 * reserved directory or file name as a whole segment ({@code "shards"}, {@code "errors/"},
 * {@code "_SUCCESS"}, ...). Literals that use such a word for something else are allowed below, each
 * with its reason.
 */
class LayoutPathOwnershipTest {

    /** The one class allowed to spell the layout. */
    private static final String OWNER = "ArgusLayout.java";

    private static final Pattern LAYOUT_PIECE = Pattern.compile(
            "(^|/)((dt|model|version|stage|job)="
                    + "|(_SUCCESS|_LINEAGE|_staging|_leases|_publishing|_schemas|_hive|shards|detections|errors|stats|models)(/|$))");

    /**
     * "file name: literal" → why that literal is not a layout path. Keyed by file name, not path, so a
     * class keeps its entries when it moves between modules.
     */
    private static final Map<String, String> NOT_PATHS = Map.ofEntries(
            Map.entry("Argus.java: \"stats\"", "the command name"),
            Map.entry("StatsTool.java: \"stats\"", "the command name"),
            Map.entry("NightlyTool.java: \"stats\"", "the name of the nightly step, the command it runs"),
            Map.entry("EvaluateTool.java: \"detections\"", "the --detections option"),
            Map.entry("DetectSummary.java: \"detections\"", "a row label of detect's console table"),
            Map.entry("DetectSummary.java: \"errors\"", "a row label of detect's console table"),
            Map.entry("ReportTool.java: \"errors\"", "a row label of the report's console table"),
            Map.entry("IngestSummary.java: \"errors\"", "a row label of ingest's console table"),
            Map.entry("IngestReducer.java: \"errors\"",
                    "the reducer's named output and its directory inside the job output, under the run's staging"),
            Map.entry("IngestTool.java: \"errors\"",
                    "the errors' directory inside the run's own staging, which ArgusLayout.publish moves into place"),
            Map.entry("IngestTool.java: \"Packs images into Avro shards under <root>/shards/dt=<date>/.\"",
                    "the command's one-line help"),
            Map.entry("DetectTool.java: \"bundle under <root>/models/; without a version, the newest\"",
                    "the --model option's help"),
            Map.entry("DetectorStagesBenchmark.java: \"models\"",
                    "the repository's fetched models directory (scripts/fetch-models.sh), not a layout root's"),
            Map.entry("ModelBenchmark.java: \"models\"",
                    "the repository's fetched models directory (scripts/fetch-models.sh), not a layout root's"));

    /**
     * hdfs-layout cannot see model-zoo, so the manifest's file name is spelt twice: once as the layout's
     * marker of a published model version, once as the bundle's own manifest. They must stay one name.
     */
    @Test
    void theLayoutAndTheBundleNameTheManifestAlike() {
        assertEquals(dev.argus.zoo.bundle.ManifestCodec.FILE_NAME, dev.argus.layout.ArgusLayout.MODEL_MANIFEST);
    }

    @Test
    void onlyArgusLayoutSpellsALayoutPath() throws IOException {
        Path repo = repositoryRoot();
        List<Path> sources = mainSources(repo);
        assertTrue(sources.size() > 100, "found only " + sources.size() + " main sources under " + repo);

        List<String> violations = new ArrayList<>();
        for (Path source : sources) {
            String file = source.getFileName().toString();
            if (file.equals(OWNER)) {
                continue;
            }
            for (String literal : layoutLiterals(Files.readString(source))) {
                if (!NOT_PATHS.containsKey(file + ": \"" + literal + "\"")) {
                    violations.add(repo.relativize(source) + ": \"" + literal + "\"");
                }
            }
        }
        assertEquals(List.of(), violations, "layout paths built outside ArgusLayout; add a method there and call "
                + "it, or, if the literal is not a path, allow it in NOT_PATHS with the reason");
    }

    @Test
    void theRuleCatchesPathsAndLeavesOtherTextAlone() {
        String source = """
                class Example {
                    Path a = new Path(root, "shards");                 // a reserved directory
                    Path b = new Path(dir, "version=" + v);            // a partition key
                    String c = root + "/errors/stage=ingest";          // both, in one literal
                    Path d = new Path(p, "_SUCCESS");
                    String e = "argus nightly dt=" + day;              // a message: the key is not a segment
                    String f = "detections per image";                 // prose
                    String g = "errors-" + stage;                      // a staging file prefix
                    // "shards" in a comment is no path
                    /* nor "dt=" here */
                    char h = '"';
                    String i = "escaped \\" quote, then \\"models\\"";
                }
                """;
        assertEquals(List.of("shards", "version=", "/errors/stage=ingest", "_SUCCESS"), layoutLiterals(source));
    }

    /** The string literals of a Java source that spell a piece of a layout path, in order. */
    static List<String> layoutLiterals(String java) {
        List<String> found = new ArrayList<>();
        for (String literal : stringLiterals(java)) {
            if (LAYOUT_PIECE.matcher(literal).find()) {
                found.add(literal);
            }
        }
        return found;
    }

    /** The contents of every string literal (text blocks included), skipping comments and char literals. */
    static List<String> stringLiterals(String java) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        int n = java.length();
        while (i < n) {
            char c = java.charAt(i);
            if (java.startsWith("//", i)) {
                i = endOf(java, "\n", i + 2);
            } else if (java.startsWith("/*", i)) {
                i = endOf(java, "*/", i + 2);
            } else if (java.startsWith("\"\"\"", i)) {
                int end = java.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end;
                literals.add(java.substring(i + 3, end));
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (j < n && java.charAt(j) != c && java.charAt(j) != '\n') {
                    if (java.charAt(j) == '\\' && j + 1 < n) {
                        text.append(java.charAt(j + 1));
                        j += 2;
                    } else {
                        text.append(java.charAt(j++));
                    }
                }
                if (c == '"') {
                    literals.add(text.toString());
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return literals;
    }

    private static int endOf(String text, String terminator, int from) {
        int end = text.indexOf(terminator, from);
        return end < 0 ? text.length() : end + terminator.length();
    }

    private static List<Path> mainSources(Path repo) throws IOException {
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(repo)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
                try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        sources.sort(null);
        return sources;
    }

    /** The directory above this module whose pom.xml lists the modules. */
    private static Path repositoryRoot() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.isRegularFile(pom) && Files.readString(pom).contains("<module>mapreduce-jobs</module>")) {
                return dir;
            }
        }
        throw new IllegalStateException("no parent pom.xml listing mapreduce-jobs above " + Path.of("").toAbsolutePath()
                + "; run the test from inside the repository");
    }
}
