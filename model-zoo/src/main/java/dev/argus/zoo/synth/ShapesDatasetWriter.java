package dev.argus.zoo.synth;

import dev.argus.zoo.Detection;
import dev.argus.zoo.data.CocoAnnotations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * Writes a synthetic set to a directory as image files plus {@code annotations.json} in COCO format,
 * the same layout a user's own annotated data takes.
 */
public final class ShapesDatasetWriter {

    public static final String ANNOTATIONS = "annotations.json";

    private final ShapesGenerator generator;
    private final String format;

    /** @param format an ImageIO writer name: png (exact pixels) or jpg (what cameras produce) */
    public ShapesDatasetWriter(ShapesGenerator generator, String format) {
        if (!List.of("png", "jpg").contains(format)) {
            throw new IllegalArgumentException("image format must be png or jpg, got " + format);
        }
        this.generator = generator;
        this.format = format;
    }

    public CocoAnnotations write(Path dir, long seed, int count) throws IOException {
        Files.createDirectories(dir);
        // Images are independent given (seed, index): render them in parallel, keep the order for the json.
        List<SyntheticImage> images = IntStream.range(0, count).parallel()
                .mapToObj(i -> writeImage(dir, seed, i))
                .toList();
        List<CocoAnnotations.ImageEntry> entries = new ArrayList<>();
        List<CocoAnnotations.Annotation> annotations = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            SyntheticImage s = images.get(i);
            entries.add(new CocoAnnotations.ImageEntry(i, s.fileName(), s.image().getWidth(), s.image().getHeight()));
            for (Detection d : s.truth()) {
                annotations.add(new CocoAnnotations.Annotation(annotations.size() + 1, i, d.classId(),
                        new double[] {d.x1(), d.y1(), d.width(), d.height()}, d.area(), 0));
            }
        }
        List<CocoAnnotations.Category> categories = new ArrayList<>();
        for (ShapeClass c : ShapeClass.values()) {
            categories.add(new CocoAnnotations.Category(c.ordinal(), c.label()));
        }
        CocoAnnotations coco = new CocoAnnotations(entries, annotations, categories);
        coco.write(dir.resolve(ANNOTATIONS));
        return coco;
    }

    private SyntheticImage writeImage(Path dir, long seed, int index) {
        SyntheticImage s = generator.generate(seed, index);
        String name = format.equals("png") ? s.fileName() : s.fileName().replace(".png", ".jpg");
        try {
            if (!ImageIO.write(s.image(), format, dir.resolve(name).toFile())) {
                throw new IOException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name), e);
        }
        return new SyntheticImage(name, s.image(), s.truth());
    }
}
