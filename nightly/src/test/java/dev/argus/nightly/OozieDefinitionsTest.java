package dev.argus.nightly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

/**
 * The nightly Oozie definitions in scripts/oozie, validated offline against the XSDs that the
 * oozie-client 5.2.1 jar ships (Oozie is retired; Argus must not need its server to check them).
 */
class OozieDefinitionsTest {

    private static final Path OOZIE = Path.of("..", "scripts", "oozie");
    private static final Path HIVE = Path.of("..", "scripts", "hive");

    private static Schema schema;

    @BeforeAll
    static void loadSchemas() throws Exception {
        // The workflow, the action schemas it uses and the coordinator, in one Schema, so that an
        // action element from another namespace is checked too (not skipped as "any").
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        schema = factory.newSchema(new StreamSource[] {
                xsd("oozie-workflow-1.0.xsd"), xsd("hive2-action-1.0.xsd"), xsd("oozie-coordinator-0.5.xsd")});
    }

    private static StreamSource xsd(String name) throws IOException {
        URL url = OozieDefinitionsTest.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException(name + " not on the test classpath (it comes with oozie-client 5.2.1)");
        }
        return new StreamSource(url.openStream(), url.toExternalForm());
    }

    private static void validate(String xml, String systemId) throws SAXException, IOException {
        schema.newValidator().validate(new StreamSource(new StringReader(xml), systemId));
    }

    @Test
    void workflowIsValidWorkflow10() throws Exception {
        validate(Files.readString(OOZIE.resolve("workflow.xml")), "workflow.xml");
    }

    @Test
    void coordinatorIsValidCoordinator05() throws Exception {
        validate(Files.readString(OOZIE.resolve("coordinator.xml")), "coordinator.xml");
    }

    @Test
    void validationReallyChecksTheHiveAction() throws Exception {
        // Proof the action schema takes part: a hive2 action without its required jdbc-url is refused.
        String broken = Files.readString(OOZIE.resolve("workflow.xml"))
                .replaceFirst("<jdbc-url>\\$\\{hiveJdbcUrl}</jdbc-url>", "");
        SAXException e = assertThrows(SAXException.class, () -> validate(broken, "broken.xml"));
        assertTrue(e.getMessage().contains("jdbc-url"), e.getMessage());
    }

    @Test
    void validationReallyChecksTheWorkflow() {
        String broken = "<workflow-app xmlns=\"uri:oozie:workflow:1.0\" name=\"x\"><end name=\"end\"/></workflow-app>";
        assertThrows(SAXException.class, () -> validate(broken, "no-start.xml"));
    }

    @Test
    void theDagIsIngestDetectStatsHiveSummary() throws Exception {
        String wf = Files.readString(OOZIE.resolve("workflow.xml"));
        assertEquals(List.of("ingest", "detect", "stats", "hive-partitions", "summary", "end"), okChain(wf));
    }

    @Test
    void everyHiveScriptTheWorkflowRunsExists() throws Exception {
        String wf = Files.readString(OOZIE.resolve("workflow.xml"));
        for (String script : all(Pattern.compile("<script>([^<]+)</script>"), wf)) {
            assertTrue(Files.exists(HIVE.resolve(script)), "scripts/hive/" + script + " is missing");
        }
    }

    @Test
    void everyVariableIsDefinedByJobPropertiesOrTheCoordinator() throws Exception {
        Properties job = new Properties();
        job.load(new StringReader(Files.readString(OOZIE.resolve("job.properties"))));
        String wf = Files.readString(OOZIE.resolve("workflow.xml"));
        String coord = Files.readString(OOZIE.resolve("coordinator.xml"));
        Set<String> defined = new TreeSet<>(job.stringPropertyNames());
        defined.addAll(all(Pattern.compile("<name>([A-Za-z]\\w*)</name>"), coord)); // passed to the workflow
        defined.addAll(Set.of("YEAR", "MONTH", "DAY")); // coordinator dataset template variables
        Set<String> missing = new TreeSet<>();
        for (String doc : List.of(wf, coord, Files.readString(OOZIE.resolve("job.properties")))) {
            for (String var : all(Pattern.compile("\\$\\{([A-Za-z]\\w*)}"), doc)) {
                if (!defined.contains(var)) {
                    missing.add(var);
                }
            }
        }
        assertEquals(Set.of(), missing, "variables used but defined nowhere");
    }

    /** Follows the ok transitions from the start node. */
    private static List<String> okChain(String wf) {
        Matcher start = Pattern.compile("<start to=\"([^\"]+)\"/>").matcher(wf);
        assertTrue(start.find());
        List<String> chain = new java.util.ArrayList<>();
        String node = start.group(1);
        while (node != null && chain.size() < 20) {
            chain.add(node);
            Matcher ok = Pattern.compile("<action name=\"" + Pattern.quote(node) + "\">.*?<ok to=\"([^\"]+)\"/>",
                    Pattern.DOTALL).matcher(wf);
            node = ok.find() ? ok.group(1) : null;
        }
        return chain;
    }

    private static Set<String> all(Pattern p, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
