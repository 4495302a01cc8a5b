package dev.argus.zoo.arch;

import dev.argus.zoo.Detection;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** Turns ground-truth boxes into a head's training targets. */
public interface LabelEncoder {

    /**
     * @param features the encoded batch, NCHW
     * @param boxes    per image, boxes in input pixels; degenerate ones (under a pixel) are skipped
     */
    MultiDataSet encode(INDArray features, List<List<Detection>> boxes);
}
