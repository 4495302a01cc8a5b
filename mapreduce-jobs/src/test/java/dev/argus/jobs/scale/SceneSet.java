package dev.argus.jobs.scale;

import dev.argus.zoo.Detection;
import dev.argus.zoo.data.CocoAnnotations;
import dev.argus.zoo.synth.ShapeClass;
import dev.argus.zoo.synth.ShapesGenerator;
import dev.argus.zoo.synth.ShapesSpec;
import dev.argus.zoo.synth.SyntheticImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * N synthetic camera JPEGs of mixed sizes (640x480, 1280x720, 1600x1200, 1920x1080, in turn) with COCO
 * ground truth, cached on disk by (N, seed) so that a rerun skips the generation.
 *
 * <p>Rendering a noisy 1920x1080 scene costs far more CPU than ingesting it, so each size has
 * {@link #BASE_SCENES} rendered scenes and image {@code i} is scene {@code i / 4 % BASE_SCENES} of its
 * size with a JPEG comment naming {@code i}: every file is a distinct image to ingest's SHA-256 dedup,
 * and decodes to the same pixels (the same detection cost) as its scene.
 */
public record SceneSet(Path images, Path truth, int count, long bytes) {

    static final int[][] SIZES = {{640, 480}, {1280, 720}, {1600, 1200}, {1920, 1080}};
    static final int BASE_SCENES = 16;
    private static final String COMPLETE = "_COMPLETE";

    /** The set of {@code count} images of {@code seed} under {@code cache}, generated unless already there. */
    public static SceneSet obtain(Path cache, int count, long seed) throws IOException {
        Path dir = cache.resolve("scenes-n" + count + "-seed" + seed);
        Path images = dir.resolve("images");
        Path truth = dir.resolve("annotations.json");
        if (!Files.exists(dir.resolve(COMPLETE))) {
            generate(images, truth, count, seed);
            Files.writeString(dir.resolve(COMPLETE), "");
        }
        long bytes;
        try (var files = Files.list(images)) {
            bytes = files.mapToLong(p -> p.toFile().length()).sum();
        }
        return new SceneSet(images, truth, count, bytes);
    }

    private static void generate(Path images, Path truth, int count, long seed) throws IOException {
        System.out.printf("generating %d images (seed %d) in %s%n", count, seed, images.getParent());
        Files.createDirectories(images);
        int bases = Math.min(BASE_SCENES, (count + SIZES.length - 1) / SIZES.length);
        List<Scene> scenes = IntStream.range(0, SIZES.length * bases).parallel()
                .mapToObj(k -> render(seed, SIZES[k % SIZES.length], k / SIZES.length)).toList();
        List<CocoAnnotations.ImageEntry> entries = new ArrayList<>(count);
        List<CocoAnnotations.Annotation> annotations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Scene scene = scenes.get(i % SIZES.length + SIZES.length * (i / SIZES.length % bases));
            String name = String.format("img-%07d-%dx%d.jpg", i, scene.width, scene.height);
            Files.write(images.resolve(name), withComment(scene.jpeg, "argus scale image " + i + " seed " + seed));
            entries.add(new CocoAnnotations.ImageEntry(i, name, scene.width, scene.height));
            for (Detection d : scene.truth) {
                annotations.add(new CocoAnnotations.Annotation(annotations.size() + 1, i, d.classId(),
                        new double[]{d.x1(), d.y1(), d.width(), d.height()}, d.area(), 0));
            }
        }
        List<CocoAnnotations.Category> categories = new ArrayList<>();
        for (ShapeClass c : ShapeClass.values()) {
            categories.add(new CocoAnnotations.Category(c.ordinal(), c.label()));
        }
        new CocoAnnotations(entries, annotations, categories).write(truth);
    }

    private record Scene(int width, int height, byte[] jpeg, List<Detection> truth) {
    }

    private static Scene render(long seed, int[] size, int index) {
        SyntheticImage image = new ShapesGenerator(ShapesSpec.scenes().withSize(size[0], size[1])).generate(seed, index);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        try {
            ImageIO.write(image.image(), "jpg", jpeg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Scene(size[0], size[1], jpeg.toByteArray(), image.truth());
    }

    /** The JPEG with a COM segment right after its SOI marker. */
    private static byte[] withComment(byte[] jpeg, String comment) {
        byte[] text = comment.getBytes(StandardCharsets.US_ASCII);
        int length = text.length + 2;
        byte[] out = new byte[jpeg.length + 2 + length];
        out[0] = jpeg[0];
        out[1] = jpeg[1];
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xFE;
        out[4] = (byte) (length >> 8);
        out[5] = (byte) length;
        System.arraycopy(text, 0, out, 6, text.length);
        System.arraycopy(jpeg, 2, out, 6 + text.length, jpeg.length - 2);
        return out;
    }
}
