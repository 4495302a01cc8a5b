package dev.argus.zoo.train;

import java.util.List;

/**
 * Where training images come from. {@link #sample} depends only on the index, so a run that resumes at
 * iteration i sees exactly the images an uninterrupted run would have seen.
 */
public interface TrainingData {

    /** Class names, indexed by class id. */
    List<String> labels();

    TrainingSample sample(long index);

    /** For messages and the bundle's training record. */
    String describe();
}
