package dev.argus.hive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UDTFs on a real Hive 4 (embedded, Derby metastore, local MapReduce), over tables made by the
 * shipped DDL on Avro files written with the contract classes. One Hive for all the tests here:
 * it takes up to a minute to start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectionUdtfsOnHiveTest {

    ArgusHiveFixture argus;
    EmbeddedHive hive;

    @BeforeAll
    void startHive(@TempDir Path base) throws IOException {
        argus = ArgusHiveFixture.start(base);
        hive = argus.hive;
    }

    @AfterAll
    void stopHive() throws IOException {
        if (argus != null) {
            argus.close();
        }
    }

    private List<List<String>> rows(String query) {
        return hive.rows(query);
    }

    private static List<String> row(String... columns) {
        return List.of(columns);
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Smoke {
        @Test
        void tablesAreThere() {
            System.out.println(hive.run("SHOW PARTITIONS argus.detections"));
            System.out.println(hive.run("DESCRIBE argus.detections"));
            System.out.println(hive.run("SELECT d.image_id, e.* FROM argus.detections d LATERAL VIEW explode_detections(d.detections) e"));
        }
    }
}
