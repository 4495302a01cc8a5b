package dev.argus.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Optional;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageTest {

    private static final LocalDate DAY = LocalDate.of(2024, 5, 1);

    @TempDir
    java.nio.file.Path tmp;

    @Test
    void aPartitionBuiltFromOldShardsOrAnotherModelIsStale() throws IOException {
        ArgusLayout layout = ArgusLayout.at(tmp.toUri().toString(), new Configuration());
        Path shards = layout.shards(DAY);
        Path model = layout.model("m", "1");
        Path detections = layout.detections("m", "1", DAY);
        publish(layout, shards, Lineage.builtFrom(java.util.Map.of()));
        write(layout, layout.modelManifest("m", "1"), "{\"v\":1}");

        publish(layout, detections, Lineage.builtFrom(layout.identities(shards, model)));
        assertEquals(Optional.empty(), layout.staleness(detections));

        publish(layout, shards, Lineage.builtFrom(java.util.Map.of())); // ingest rerun
        String stale = layout.staleness(detections).orElseThrow();
        assertTrue(stale.startsWith("detections/model=m/version=1/dt=2024-05-01 is stale: it was built from "
                + "shards/dt=2024-05-01 "), stale);

        publish(layout, detections, Lineage.builtFrom(layout.identities(shards, model)));
        assertEquals(Optional.empty(), layout.staleness(detections));
        write(layout, layout.modelManifest("m", "1"), "{\"v\":2}");
        assertTrue(layout.staleness(detections).orElseThrow().contains("built from models/m/1 sha256:"));
    }

    private static void publish(ArgusLayout layout, Path target, Lineage lineage) throws IOException {
        Path staged = layout.newStagingDir("test");
        write(layout, new Path(staged, "part-r-00000.avro"), "x");
        layout.publish(staged, target, lineage);
    }

    private static void write(ArgusLayout layout, Path file, String text) throws IOException {
        try (FSDataOutputStream out = layout.fileSystem().create(file, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
