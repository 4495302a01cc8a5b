package dev.argus.hive;

import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.hive.ql.exec.Description;
import org.apache.hadoop.hive.ql.exec.UDFArgumentException;
import org.apache.hadoop.hive.ql.exec.UDFArgumentLengthException;
import org.apache.hadoop.hive.ql.metadata.HiveException;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDTF;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspectorConverters.Converter;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspectorFactory;
import org.apache.hadoop.hive.serde2.objectinspector.StructObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorFactory;
import org.apache.hadoop.io.FloatWritable;
import org.apache.hadoop.io.IntWritable;

/**
 * Every unordered pair of detections in one image, with how much the boxes overlap and how far apart
 * their centres are: "a person near a forklift" becomes a WHERE clause instead of a self-join.
 */
@Description(name = "detection_pairs",
        value = "_FUNC_(detections [, min_score]) - one row per unordered pair of detections of an image: "
                + "pos_a, label_a, score_a, pos_b, label_b, score_b, iou, center_distance",
        extended = "detections: the detections column, array<struct<label,class_id,score,x1,y1,x2,y2>>; fields are "
                + "found by name.\n"
                + "min_score: optional number in [0, 1], compared as explode_detections compares it; "
                + "only detections with score >= min_score are paired "
                + "(NULL: no threshold).\n"
                + "Each pair appears once, with pos_a < pos_b (a is the higher-scored one when the array is sorted "
                + "by score), so test both orders when looking for two labels.\n"
                + "iou is the intersection over union of the two boxes (0 when they do not overlap); "
                + "center_distance is the distance between the box centres in pixels. Both are NULL when a box "
                + "has a NULL coordinate. An image with fewer than two detections gives no rows.\n"
                + "Example (people within 100 px of a forklift):\n"
                + "  > SELECT d.image_id, p.iou, p.center_distance\n"
                + "  > FROM detections d LATERAL VIEW detection_pairs(d.detections, 0.5) p\n"
                + "  > WHERE ((p.label_a = 'person' AND p.label_b = 'forklift')\n"
                + "  >     OR (p.label_a = 'forklift' AND p.label_b = 'person'))\n"
                + "  >   AND p.center_distance < 100;")
public class DetectionPairs extends GenericUDTF {

    static final String USAGE = "detection_pairs(detections [, min_score])";

    static final List<String> COLUMNS =
            List.of("pos_a", "label_a", "score_a", "pos_b", "label_b", "score_b", "iou", "center_distance");

    // made again by initialize() on the task (see ExplodeDetections)
    private transient DetectionFields fields;
    private transient ScoreThreshold threshold;

    // one converter per output column: a converting one reuses its single writable
    private transient Converter labelAOut;
    private transient Converter scoreAOut;
    private transient Converter labelBOut;
    private transient Converter scoreBOut;

    private final Object[] row = new Object[COLUMNS.size()];
    private final IntWritable posA = new IntWritable();
    private final IntWritable posB = new IntWritable();
    private final FloatWritable iou = new FloatWritable();
    private final FloatWritable centerDistance = new FloatWritable();

    // The kept detections of the current image, reused from image to image.
    private int kept;
    private int[] positions = new int[16];
    private Object[] labels = new Object[16];
    private Object[] scores = new Object[16];
    private boolean[] hasBox = new boolean[16];
    private float[] x1 = new float[16];
    private float[] y1 = new float[16];
    private float[] x2 = new float[16];
    private float[] y2 = new float[16];

    // See ExplodeDetections: Hive 4's CBO calls this overload directly.
    @Override
    @SuppressWarnings("deprecation")
    public StructObjectInspector initialize(ObjectInspector[] arguments) throws UDFArgumentException {
        if (arguments.length < 1 || arguments.length > 2) {
            throw new UDFArgumentLengthException(USAGE + " takes 1 or 2 arguments, but was given " + arguments.length);
        }
        fields = DetectionFields.of(USAGE, arguments[0]);
        threshold = arguments.length > 1 ? ScoreThreshold.of(USAGE, arguments[1], 1, fields.score) : ScoreThreshold.none();
        labelAOut = fields.label.newOutputConverter();
        scoreAOut = fields.score.newOutputConverter();
        labelBOut = fields.label.newOutputConverter();
        scoreBOut = fields.score.newOutputConverter();

        ObjectInspector writableInt = PrimitiveObjectInspectorFactory.writableIntObjectInspector;
        ObjectInspector writableFloat = PrimitiveObjectInspectorFactory.writableFloatObjectInspector;
        return ObjectInspectorFactory.getStandardStructObjectInspector(COLUMNS, List.of(
                writableInt, fields.label.outputInspector(), fields.score.outputInspector(),
                writableInt, fields.label.outputInspector(), fields.score.outputInspector(),
                writableFloat, writableFloat));
    }

    @Override
    public void process(Object[] arguments) throws HiveException {
        Object detections = arguments[0];
        if (detections == null) {
            return;
        }
        threshold.startImage(arguments);
        keepDetections(detections);
        for (int a = 0; a < kept; a++) {
            for (int b = a + 1; b < kept; b++) {
                posA.set(positions[a]);
                posB.set(positions[b]);
                row[0] = posA;
                row[1] = labelAOut.convert(labels[a]);
                row[2] = scoreAOut.convert(scores[a]);
                row[3] = posB;
                row[4] = labelBOut.convert(labels[b]);
                row[5] = scoreBOut.convert(scores[b]);
                if (hasBox[a] && hasBox[b]) {
                    iou.set(intersectionOverUnion(a, b));
                    centerDistance.set(centerDistance(a, b));
                    row[6] = iou;
                    row[7] = centerDistance;
                } else {
                    row[6] = null;
                    row[7] = null;
                }
                forward(row);
            }
        }
    }

    /** Reads the detections that pass the threshold into the per-image buffers. */
    private void keepDetections(Object detections) {
        kept = 0;
        int count = fields.array.getListLength(detections);
        for (int i = 0; i < count; i++) {
            Object detection = fields.array.getListElement(detections, i);
            if (detection == null) {
                continue;
            }
            Object score = fields.score.raw(detection);
            if (!threshold.keeps(score)) {
                continue;
            }
            if (kept == positions.length) {
                grow();
            }
            positions[kept] = i;
            labels[kept] = fields.label.raw(detection);
            scores[kept] = score;
            Object left = fields.x1.raw(detection);
            Object top = fields.y1.raw(detection);
            Object right = fields.x2.raw(detection);
            Object bottom = fields.y2.raw(detection);
            hasBox[kept] = left != null && top != null && right != null && bottom != null;
            if (hasBox[kept]) {
                x1[kept] = fields.x1.floatOf(left);
                y1[kept] = fields.y1.floatOf(top);
                x2[kept] = fields.x2.floatOf(right);
                y2[kept] = fields.y2.floatOf(bottom);
            }
            kept++;
        }
    }

    /** Same definition as {@code dev.argus.zoo.Detection.iou}: 0 for boxes that do not overlap or have no area. */
    private float intersectionOverUnion(int a, int b) {
        float overlapWidth = Math.min(x2[a], x2[b]) - Math.max(x1[a], x1[b]);
        float overlapHeight = Math.min(y2[a], y2[b]) - Math.max(y1[a], y1[b]);
        if (overlapWidth <= 0 || overlapHeight <= 0) {
            return 0f;
        }
        float intersection = overlapWidth * overlapHeight;
        float union = area(a) + area(b) - intersection;
        return union <= 0 ? 0f : intersection / union;
    }

    private float area(int i) {
        return Math.max(0f, x2[i] - x1[i]) * Math.max(0f, y2[i] - y1[i]);
    }

    private float centerDistance(int a, int b) {
        float dx = (x1[a] + x2[a]) / 2f - (x1[b] + x2[b]) / 2f;
        float dy = (y1[a] + y2[a]) / 2f - (y1[b] + y2[b]) / 2f;
        return (float) Math.hypot(dx, dy);
    }

    private void grow() {
        int size = positions.length * 2;
        positions = Arrays.copyOf(positions, size);
        labels = Arrays.copyOf(labels, size);
        scores = Arrays.copyOf(scores, size);
        hasBox = Arrays.copyOf(hasBox, size);
        x1 = Arrays.copyOf(x1, size);
        y1 = Arrays.copyOf(y1, size);
        x2 = Arrays.copyOf(x2, size);
        y2 = Arrays.copyOf(y2, size);
    }

    /** What EXPLAIN prints as the function name, as Hive's own UDTFs do. */
    @Override
    public String toString() {
        return "detection_pairs";
    }

    @Override
    public void close() {
        // nothing buffered across images
    }
}
