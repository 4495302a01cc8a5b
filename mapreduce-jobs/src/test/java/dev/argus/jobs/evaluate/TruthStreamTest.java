package dev.argus.jobs.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ground truth streamed into the evaluation's input: any section order, and bad files refused by name. */
class TruthStreamTest {

    @TempDir
    java.nio.file.Path tmp;

    @Test
    void annotationsBeforeImagesAreJoinedToTheirFileNames() throws Exception {
        TruthStream.Summary summary = write("""
                {"annotations": [{"id": 7, "image_id": 2, "category_id": 4, "bbox": [10, 20, 30.5, 40], "iscrowd": 1},
                                 {"id": 8, "image_id": 1, "category_id": 3, "bbox": [1, 2, 3, 4]}],
                 "info": {"nested": {"skipped": [1, 2]}},
                 "images": [{"id": 1, "file_name": "dir/a.jpg"}, {"id": 2, "file_name": "b.jpg"}, {"id": 3, "file_name": "c.jpg"}],
                 "categories": [{"id": 3, "name": "truck"}, {"id": 4, "name": "person"}]}""");
        assertEquals(3, summary.images());
        assertEquals(2, summary.boxes());
        assertEquals("person", summary.categories().nameOf(4));
        List<String> records = records();
        assertEquals(List.of("a.jpg ANNOTATED_IMAGE", "b.jpg ANNOTATED_IMAGE", "c.jpg ANNOTATED_IMAGE",
                "b.jpg CROWD 4 [10.0, 20.0, 40.5, 60.0]", "a.jpg OBJECT 3 [1.0, 2.0, 4.0, 6.0]"), records);
    }

    @Test
    void twoImagesOfOneNameAreRefused() {
        IOException e = assertThrows(IOException.class, () -> write("""
                {"categories": [{"id": 1, "name": "a"}],
                 "images": [{"id": 1, "file_name": "x/same.jpg"}, {"id": 2, "file_name": "y/same.jpg"}], "annotations": []}"""));
        assertTrue(e.getMessage().contains("two images are named 'same.jpg'"), e.getMessage());
    }

    @Test
    void anAnnotationOfAnUnknownImageIsRefused() {
        IOException e = assertThrows(IOException.class, () -> write("""
                {"categories": [{"id": 1, "name": "a"}], "images": [{"id": 1, "file_name": "a.jpg"}],
                 "annotations": [{"id": 5, "image_id": 9, "category_id": 1, "bbox": [0, 0, 1, 1]}]}"""));
        assertTrue(e.getMessage().contains("annotation 5 refers to image 9"), e.getMessage());
    }

    @Test
    void aBoxThatIsNotFourNumbersIsRefused() {
        IOException e = assertThrows(IOException.class, () -> write("""
                {"categories": [{"id": 1, "name": "a"}], "images": [{"id": 1, "file_name": "a.jpg"}],
                 "annotations": [{"id": 5, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1]}]}"""));
        assertTrue(e.getMessage().contains("annotation 5 of image 1: bbox must be [x, y, width, height]"), e.getMessage());
    }

    @Test
    void aFileWithoutCategoriesOrNotAnObjectIsRefused() {
        assertTrue(assertThrows(IOException.class, () -> write("{\"images\": [], \"annotations\": []}"))
                .getMessage().contains("has no categories"));
        assertTrue(assertThrows(IOException.class, () -> write("[1, 2]"))
                .getMessage().contains("not a COCO annotation file"));
    }

    private TruthStream.Summary write(String json) throws IOException {
        java.nio.file.Path file = tmp.resolve("annotations.json");
        Files.writeString(file, json);
        return TruthStream.write(new Path(file.toUri()), new Configuration(), new Path(tmp.resolve("truth.seq").toUri()));
    }

    private List<String> records() throws IOException {
        List<String> out = new ArrayList<>();
        try (SequenceFile.Reader r = new SequenceFile.Reader(new Configuration(),
                SequenceFile.Reader.file(new Path(tmp.resolve("truth.seq").toUri())))) {
            Text key = new Text();
            ImageEvidence e = new ImageEvidence();
            while (r.next(key, e)) {
                String s = key + " " + e.kind();
                if (e.kind() != ImageEvidence.Kind.ANNOTATED_IMAGE) {
                    s += " " + e.category(0) + " " + java.util.Arrays.toString(new float[]{e.value(0, 0), e.value(0, 1),
                            e.value(0, 2), e.value(0, 3)});
                }
                out.add(s);
            }
        }
        return out;
    }
}
