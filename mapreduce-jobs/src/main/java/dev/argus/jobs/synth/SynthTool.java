package dev.argus.jobs.synth;

import dev.argus.jobs.cli.CommandLineTool;
import dev.argus.zoo.data.CocoAnnotations;
import dev.argus.zoo.synth.ShapesDatasetWriter;
import dev.argus.zoo.synth.ShapesGenerator;
import dev.argus.zoo.synth.ShapesSpec;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code argus synth}: writes a deterministic synthetic image set with COCO ground truth to a local directory. */
public final class SynthTool extends CommandLineTool {

    public SynthTool() {
        super("synth", "Generate synthetic shape images (deterministic per seed) and annotations.json.");
    }

    @Override
    protected Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("out").hasArg().argName("dir").required()
                        .desc("local directory to write images and annotations.json to").build())
                .addOption(Option.builder().longOpt("count").hasArg().argName("n")
                        .desc("number of images (default 100)").build())
                .addOption(Option.builder().longOpt("seed").hasArg().argName("s")
                        .desc("random seed; another seed gives a disjoint held-out set (default 1)").build())
                .addOption(Option.builder().longOpt("spec").hasArg().argName("name")
                        .desc("shapes (128x128, 1-5 objects of 6-48 px, for training) or scenes "
                                + "(640x480, 3-12 objects of 10-160 px) (default scenes)").build())
                .addOption(Option.builder().longOpt("format").hasArg().argName("png|jpg")
                        .desc("image file format (default jpg)").build());
    }

    @Override
    protected int run(CommandLine cmd) throws Exception {
        int count = intOption(cmd, "count", 100, 1);
        long seed = longOption(cmd, "seed", 1);
        ShapesSpec spec = switch (cmd.getOptionValue("spec", "scenes")) {
            case "shapes" -> ShapesSpec.shapes();
            case "scenes" -> ShapesSpec.scenes();
            default -> throw new UsageException("--spec must be shapes or scenes, got " + cmd.getOptionValue("spec"));
        };
        String format = cmd.getOptionValue("format", "jpg");
        if (!format.equals("png") && !format.equals("jpg")) {
            throw new UsageException("--format must be png or jpg, got " + format);
        }
        Path out = Path.of(cmd.getOptionValue("out"));
        CocoAnnotations coco = new ShapesDatasetWriter(new ShapesGenerator(spec), format).write(out, seed, count);
        System.out.printf("wrote %d images with %d objects to %s (seed %d, spec %s)%n",
                coco.images().size(), coco.annotations().size(), out, seed, spec.name());
        return 0;
    }
}
