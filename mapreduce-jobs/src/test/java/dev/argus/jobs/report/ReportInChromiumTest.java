package dev.argus.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.argus.jobs.detect.TestImages;
import dev.argus.layout.ArgusLayout;
import dev.argus.layout.ShardWriter;
import dev.argus.layout.Stage;
import dev.argus.layout.avro.Detection;
import dev.argus.layout.avro.ImageDetections;
import dev.argus.layout.avro.ImageError;
import dev.argus.layout.avro.ImageRecord;
import dev.argus.layout.avro.ModelRef;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code argus report} over a hand-made partition, checked in a real headless Chromium. */
class ReportInChromiumTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-26");

    @TempDir
    Path tmp;

    private ArgusLayout layout;
    private Configuration conf;
    private final List<ImageRecord> shards = new ArrayList<>();

    @BeforeEach
    void partitionWithDetectionsAndErrors() throws Exception {
        conf = new Configuration();
        conf.set("fs.defaultFS", "file:///");
        layout = ArgusLayout.at(tmp.resolve("root").toUri().toString(), conf);
        List<ImageDetections> detections = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ImageRecord r = TestImages.record("photo" + i + ".png",
                    TestImages.pngWithBox(200 + 10 * i, 150, Color.WHITE, 20, 20, 100, 100), 200 + 10 * i, 150);
            shards.add(r);
            List<Detection> boxes = new ArrayList<>();
            boxes.add(new Detection("person", 0, 0.95f, 20f, 20f, 120f, 120f)); // 100x100: large
            if (i < 3) {
                boxes.add(new Detection("dog", 16, 0.55f, 10f, 10f, 50f, 40f)); // 40x30: medium
            }
            if (i == 0) {
                boxes.add(new Detection("cat", 15, 0.15f, 0f, 0f, 10f, 10f)); // below the report's 0.3
            }
            detections.add(ImageDetections.newBuilder().setImageId(r.getImageId()).setSourceUri(r.getSourceUri())
                    .setWidth(r.getWidth()).setHeight(r.getHeight()).setModel(new ModelRef("centernet", "1"))
                    .setDetections(boxes).setInferenceMillis(10f).setProcessedAt(Instant.EPOCH).build());
        }
        publish(layout.shards(DAY), ImageRecord.class, shards);
        publish(layout.detections("centernet", "1", DAY), ImageDetections.class, detections);
        String job = ArgusLayout.detectJob("centernet", "1");
        publish(layout.errors(Stage.DECODE, DAY, job), ImageError.class, List.of(error("broken.jpg", "decode",
                "broken.jpg: corrupt or truncated image <script>alert(1)</script>")));
        publish(layout.errors(Stage.INFERENCE, DAY, job), ImageError.class, List.of(error("huge.png", "inference",
                "the network failed on a batch of 1 image(s)")));
    }

    @Test
    void reportShowsPicturesChartsAndErrorsInABrowser() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find();
        Path out = tmp.resolve("report");

        int rc = ToolRunner.run(new Configuration(conf), new ReportTool(), new String[]{"--root", layout.root().toString(),
                "--date", DAY.toString(), "--model", "centernet", "--out", out.toString(), "--samples", "4"});

        assertEquals(0, rc);
        String dom = chromium.dumpDom(out.resolve("index.html"), tmp);
        assertEquals("5", text(dom, "dd", "images"));
        assertEquals("2", text(dom, "dd", "errors-count"));
        assertEquals("9", text(dom, "dd", "boxes-stored")); // 5 people, 3 dogs, 1 cat
        assertEquals("8", text(dom, "dd", "boxes-shown")); // not the 0.15 cat
        // the page's own script saw every thumbnail decode in the browser
        assertTrue(dom.contains("4 of 4 pictures loaded"), dom);
        assertEquals(4, count(dom, "data-loaded=\"true\""));
        // samples: the three images with a person and a dog come first
        List<String> sources = all(dom, "<figcaption>([^<]*?) — ");
        assertEquals(List.of("file:/photos/photo0.png", "file:/photos/photo1.png", "file:/photos/photo2.png"),
                sources.subList(0, 3).stream().sorted().toList());
        for (String src : all(dom, "<img src=\"(images/[^\"]+)\"")) {
            BufferedImage thumb = ImageIO.read(out.resolve(src).toFile());
            assertTrue(thumb.getWidth() > 100, src);
        }
        // bar chart: boxes at or above 0.3 per class
        assertTrue(dom.contains("data-label=\"person\" data-count=\"5\""), dom);
        assertTrue(dom.contains("data-label=\"dog\" data-count=\"3\""), dom);
        assertFalse(dom.contains("data-label=\"cat\""), "below --min-score");
        // score histogram: every stored box
        assertTrue(dom.contains("data-from=\"0.90\" data-to=\"1.00\" data-count=\"5\""), dom);
        assertTrue(dom.contains("data-from=\"0.50\" data-to=\"0.60\" data-count=\"3\""), dom);
        assertTrue(dom.contains("data-from=\"0.10\" data-to=\"0.20\" data-count=\"1\""), dom);
        // errors table, with the hostile message shown as text, not run
        assertEquals(1, count(dom, "<tr class=\"error\" data-stage=\"decode\">"));
        assertEquals(1, count(dom, "<tr class=\"error\" data-stage=\"inference\">"));
        assertTrue(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), dom);
    }

    @Test
    void aReportCopiedWithoutItsImagesSaysSo() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find();
        Path out = tmp.resolve("report");
        assertEquals(0, ToolRunner.run(new Configuration(conf), new ReportTool(), new String[]{"--root",
                layout.root().toString(), "--date", DAY.toString(), "--model", "centernet:1", "--out", out.toString()}));
        try (var thumbs = Files.list(out.resolve("images"))) {
            for (Path p : thumbs.toList()) {
                Files.delete(p);
            }
        }

        String dom = chromium.dumpDom(out.resolve("index.html"), tmp);

        assertTrue(dom.contains("0 of 5 pictures loaded"), dom);
        assertTrue(dom.contains("class=\"warn\""), dom);
    }

    private <T extends SpecificRecord> void publish(org.apache.hadoop.fs.Path partition, Class<T> type, List<T> records)
            throws Exception {
        org.apache.hadoop.fs.Path staged = layout.newStagingDir("test");
        try (ShardWriter<T> w = ShardWriter.create(layout.fileSystem(), new org.apache.hadoop.fs.Path(staged, "part-m-00000.avro"),
                type, CodecFactory.nullCodec())) {
            for (T r : records) {
                w.append(r);
            }
        }
        layout.publish(staged, partition);
    }

    private static ImageError error(String name, String stage, String message) {
        return ImageError.newBuilder().setImageId(TestImages.sha256(name.getBytes())).setSourceUri("file:/photos/" + name)
                .setStage(stage).setErrorClass("dev.argus.zoo.preprocess.ImageDecodeException").setMessage(message)
                .setAt(Instant.EPOCH).build();
    }

    private static String text(String dom, String tag, String id) {
        Matcher m = Pattern.compile("<" + tag + " id=\"" + id + "\">([^<]*)</" + tag + ">").matcher(dom);
        assertTrue(m.find(), "no <" + tag + " id=" + id + "> in " + dom);
        return m.group(1);
    }

    private static List<String> all(String dom, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(dom);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static int count(String dom, String needle) {
        int n = 0;
        for (int i = dom.indexOf(needle); i >= 0; i = dom.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
