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

    /** Whether a box can be a target: at least a pixel each way, of one of the head's {@code numClasses} classes. */
    static boolean trainable(Detection d, int numClasses) {
        return d.width() >= 1 && d.height() >= 1 && d.classId() >= 0 && d.classId() < numClasses;
    }
}
