package dev.argus.zoo.train;

import dev.argus.zoo.synth.ShapeClass;
import dev.argus.zoo.synth.ShapesGenerator;
import dev.argus.zoo.synth.ShapesSpec;
import dev.argus.zoo.synth.SyntheticImage;
import java.util.List;

/** An endless stream of fresh synthetic images: sample i is image i of the seed, never repeated. */
public final class SyntheticShapes implements TrainingData {

    private final ShapesGenerator generator;
    private final long seed;

    public SyntheticShapes(ShapesSpec spec, long seed) {
        this.generator = new ShapesGenerator(spec);
        this.seed = seed;
    }

    @Override
    public List<String> labels() {
        return ShapeClass.labels();
    }

    @Override
    public TrainingSample sample(long index) {
        if (index > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("synthetic image index beyond " + Integer.MAX_VALUE);
        }
        SyntheticImage s = generator.generate(seed, (int) index);
        return new TrainingSample(s.image(), s.truth());
    }

    @Override
    public String describe() {
        ShapesSpec s = generator.spec();
        return "synthetic " + s.name() + " " + s.width() + "x" + s.height() + ", seed " + seed;
    }
}
