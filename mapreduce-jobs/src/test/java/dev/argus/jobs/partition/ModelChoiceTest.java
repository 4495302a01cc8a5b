package dev.argus.jobs.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.jobs.detect.BrightBoxDetector;
import dev.argus.layout.ArgusLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelChoiceTest {

    @TempDir
    Path tmp;

    @Test
    void parsesNameAndOptionalVersion() {
        assertEquals(new ModelChoice("centernet", null), ModelChoice.parse("centernet"));
        assertEquals(new ModelChoice("centernet", "2"), ModelChoice.parse("centernet:2"));
        assertThrows(IllegalArgumentException.class, () -> ModelChoice.parse("centernet:"));
        assertThrows(IllegalArgumentException.class, () -> ModelChoice.parse(":1"));
        assertThrows(IllegalArgumentException.class, () -> ModelChoice.parse(" "));
    }

    @Test
    void newestPublishedVersionWinsNumericallyAndUnpublishedOnesAreIgnored() throws Exception {
        ArgusLayout layout = ArgusLayout.at(tmp.toUri().toString(), new Configuration());
        for (String v : List.of("2", "10", "9")) {
            BrightBoxDetector.writeBundle(Path.of(layout.model("brightbox", v).toUri()), v, v);
        }
        Files.createDirectories(Path.of(layout.model("brightbox", "11").toUri())); // no bundle.json: not published

        ModelChoice choice = ModelChoice.parse("brightbox");
        assertEquals(List.of("2", "9", "10"), choice.publishedVersions(layout));
        assertEquals("10", choice.resolve(layout).version());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelChoice.parse("brightbox:11").resolve(layout));
        assertTrue(e.getMessage().contains("published versions: [2, 9, 10]"), e.getMessage());
    }
}
