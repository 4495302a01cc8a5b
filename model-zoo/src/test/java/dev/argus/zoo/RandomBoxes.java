package dev.argus.zoo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Detector-like candidate boxes: clusters of jittered boxes around a few dozen objects. */
final class RandomBoxes {

    private RandomBoxes() {
    }

    static List<Detection> clustered(Random rnd, int n, int classes) {
        int objects = 5 + rnd.nextInt(40);
        float[][] centres = new float[objects][4];
        for (float[] c : centres) {
            c[0] = rnd.nextFloat() * 600;
            c[1] = rnd.nextFloat() * 600;
            c[2] = 10 + rnd.nextFloat() * 200;
            c[3] = 10 + rnd.nextFloat() * 200;
        }
        List<Detection> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] c = centres[rnd.nextInt(objects)];
            float cx = c[0] + (float) rnd.nextGaussian() * c[2] * 0.1f;
            float cy = c[1] + (float) rnd.nextGaussian() * c[3] * 0.1f;
            float w = c[2] * (0.8f + 0.4f * rnd.nextFloat());
            float h = c[3] * (0.8f + 0.4f * rnd.nextFloat());
            int cls = rnd.nextInt(classes);
            out.add(new Detection(cls, "c" + cls, rnd.nextFloat(), cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2));
        }
        return out;
    }
}
