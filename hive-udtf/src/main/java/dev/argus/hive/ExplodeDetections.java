package dev.argus.hive;

import java.util.List;

import org.apache.hadoop.hive.ql.exec.Description;
import org.apache.hadoop.hive.ql.exec.UDFArgumentException;
import org.apache.hadoop.hive.ql.exec.UDFArgumentLengthException;
import org.apache.hadoop.hive.ql.metadata.HiveException;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDTF;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.StructObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorFactory;

/**
 * One row per detection of an image, with the geometry analysts otherwise write by hand in SQL.
 * Threshold and label filters run here, before a row is forwarded. The row is one reusable
 * {@link DetectionRow} whose columns are worked out when Hive's next operator reads them: forwarding
 * costs no allocation and no computation, and a column no operator reads is never computed (LATERAL
 * VIEW's join reads them all; a UDTF in the SELECT list feeds a Select that reads only its own).
 */
@Description(name = "explode_detections",
        value = "_FUNC_(detections [, min_score [, labels]]) - one row per detection: pos, label, class_id, score, "
                + "x1, y1, x2, y2, box_width, box_height, area, cx, cy, size_class",
        extended = "detections: the detections column, array<struct<label,class_id,score,x1,y1,x2,y2>>; fields are "
                + "found by name, extra fields are ignored.\n"
                + "min_score: optional number in [0, 1], usually a constant; keeps the detections for which "
                + "score >= min_score is true as Hive's WHERE decides it (a constant is taken in the score's type, "
                + "as Hive takes a literal: 0.7 keeps a score of 0.7f) (NULL: no threshold).\n"
                + "labels: optional array of strings (string, varchar or char); keeps only these labels "
                + "(NULL: all labels).\n"
                + "pos is the index in the array (0 = highest score). box_width = max(0, x2 - x1), "
                + "box_height = max(0, y2 - y1), area = box_width * box_height, (cx, cy) is the box centre, "
                + "size_class is COCO's 'small' (area < 32^2), 'medium' or 'large' (area >= 96^2).\n"
                + "NULL arrays and NULL elements give no rows; NULL fields give NULL columns.\n"
                + "Use LATERAL VIEW OUTER to keep images with no detections.\n"
                + "Example:\n"
                + "  > SELECT d.image_id, e.label, e.score, e.area, e.size_class\n"
                + "  > FROM detections d\n"
                + "  > LATERAL VIEW explode_detections(d.detections, 0.5, array('person', 'forklift')) e;")
public class ExplodeDetections extends GenericUDTF {

    static final String USAGE = "explode_detections(detections [, min_score [, labels]])";

    static final List<String> COLUMNS = List.of("pos", "label", "class_id", "score", "x1", "y1", "x2", "y2",
            "box_width", "box_height", "area", "cx", "cy", "size_class");

    // Hive ships this object to the tasks inside the query plan (Kryo) after compiling it; all of this
    // is made again by initialize() on the task, and a live view of a row cannot be serialized.
    private transient DetectionFields fields;
    private transient ScoreThreshold threshold;
    private transient LabelSet labels;
    private transient DetectionRow row;

    // Hive 4's CBO calls this overload directly (HiveFunctionHelper.getReturnType); the
    // StructObjectInspector one would make it log "CBO failed" and plan the query without CBO.
    @Override
    @SuppressWarnings("deprecation")
    public StructObjectInspector initialize(ObjectInspector[] arguments) throws UDFArgumentException {
        if (arguments.length < 1 || arguments.length > 3) {
            throw new UDFArgumentLengthException(
                    USAGE + " takes 1 to 3 arguments, but was given " + arguments.length);
        }
        fields = DetectionFields.of(USAGE, arguments[0]);
        threshold = arguments.length > 1 ? ScoreThreshold.of(USAGE, arguments[1], 1, fields.score) : ScoreThreshold.none();
        labels = arguments.length > 2 ? LabelSet.of(USAGE, arguments[2], 2) : LabelSet.all();
        row = new DetectionRow(fields);

        ObjectInspector writableFloat = PrimitiveObjectInspectorFactory.writableFloatObjectInspector;
        return new DetectionRowInspector(COLUMNS, List.of(
                PrimitiveObjectInspectorFactory.writableIntObjectInspector,
                fields.label.outputInspector(),
                fields.classId.outputInspector(),
                fields.score.outputInspector(),
                fields.x1.outputInspector(),
                fields.y1.outputInspector(),
                fields.x2.outputInspector(),
                fields.y2.outputInspector(),
                writableFloat, writableFloat, writableFloat, writableFloat, writableFloat,
                PrimitiveObjectInspectorFactory.writableStringObjectInspector));
    }

    /**
     * Forwards the one reusable row per kept detection, as {@code inline()} forwards each struct: the
     * columns are worked out when Hive's next operator reads them. Only the filters read fields here.
     * Hive's operators read a forwarded row before the next one comes (LATERAL VIEW's join copies
     * every column out of it at once), so moving the row on is safe.
     */
    @Override
    public void process(Object[] arguments) throws HiveException {
        List<?> detections = fields.array.getList(arguments[0]);
        if (detections == null) {
            return;
        }
        threshold.startImage(arguments);
        labels.startImage(arguments);
        row.startImage(detections);
        boolean filtersScores = !threshold.keepsAll();
        boolean filtersLabels = !labels.keepsAll();
        for (int i = 0, count = detections.size(); i < count; i++) {
            Object detection = detections.get(i);
            if (detection == null
                    || filtersScores && !threshold.keeps(fields.score.raw(detection))
                    || filtersLabels && !labels.keeps(fields.label.raw(detection), fields.label)) {
                continue;
            }
            row.moveTo(i);
            forward(row);
        }
    }

    /** What EXPLAIN prints as the function name, as Hive's own UDTFs do. */
    @Override
    public String toString() {
        return "explode_detections";
    }

    @Override
    public void close() {
        // nothing buffered: every row is forwarded from process()
    }
}
