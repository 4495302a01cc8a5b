package dev.argus.zoo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Boxes on their way from a decoder to {@link Detection}s, held in parallel primitive arrays so that
 * thousands of candidates per image cost no objects. Coordinates are in whatever space the producer
 * says (decoders: model-input pixels). Grows as needed; not thread-safe.
 */
public final class CandidateBoxes {

    private float[] x1;
    private float[] y1;
    private float[] x2;
    private float[] y2;
    private float[] score;
    private int[] classId;
    private int size;

    public CandidateBoxes() {
        this(64);
    }

    public CandidateBoxes(int capacity) {
        int c = Math.max(1, capacity);
        x1 = new float[c];
        y1 = new float[c];
        x2 = new float[c];
        y2 = new float[c];
        score = new float[c];
        classId = new int[c];
    }

    public void add(float bx1, float by1, float bx2, float by2, float s, int cls) {
        if (size == score.length) {
            int c = size * 2;
            x1 = Arrays.copyOf(x1, c);
            y1 = Arrays.copyOf(y1, c);
            x2 = Arrays.copyOf(x2, c);
            y2 = Arrays.copyOf(y2, c);
            score = Arrays.copyOf(score, c);
            classId = Arrays.copyOf(classId, c);
        }
        x1[size] = bx1;
        y1[size] = by1;
        x2[size] = bx2;
        y2[size] = by2;
        score[size] = s;
        classId[size] = cls;
        size++;
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
    }

    public float x1(int i) {
        return x1[i];
    }

    public float y1(int i) {
        return y1[i];
    }

    public float x2(int i) {
        return x2[i];
    }

    public float y2(int i) {
        return y2[i];
    }

    public float score(int i) {
        return score[i];
    }

    public int classId(int i) {
        return classId[i];
    }

    /** The boxes at {@code indices}, in that order. */
    public CandidateBoxes select(int[] indices) {
        CandidateBoxes out = new CandidateBoxes(indices.length);
        for (int i : indices) {
            out.add(x1[i], y1[i], x2[i], y2[i], score[i], classId[i]);
        }
        return out;
    }

    /** As detections, labelled by {@code label}, coordinates unchanged. */
    public List<Detection> toDetections(IntFunction<String> label) {
        List<Detection> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(new Detection(classId[i], label.apply(classId[i]), score[i], x1[i], y1[i], x2[i], y2[i]));
        }
        return out;
    }

    public static CandidateBoxes of(List<Detection> detections) {
        CandidateBoxes out = new CandidateBoxes(detections.size());
        for (Detection d : detections) {
            out.add(d.x1(), d.y1(), d.x2(), d.y2(), d.score(), d.classId());
        }
        return out;
    }
}
