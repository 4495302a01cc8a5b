package dev.argus.hive;

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
import org.apache.hadoop.io.Text;

/**
 * One row per detection of an image, with the geometry analysts otherwise write by hand in SQL.
 * Threshold and label filters run here, before a row is built; rows, writables and the size-class
 * strings are reused, so a row costs no allocation.
 */
@Description(name = "explode_detections",
        value = "_FUNC_(detections [, min_score [, labels]]) - one row per detection: pos, label, class_id, score, "
                + "x1, y1, x2, y2, box_width, box_height, area, cx, cy, size_class",
        extended = "detections: the detections column, array<struct<label,class_id,score,x1,y1,x2,y2>>; fields are "
                + "found by name, extra fields are ignored.\n"
                + "min_score: optional constant in [0, 1]; keeps detections with score >= min_score (NULL: no threshold).\n"
                + "labels: optional constant array<string>; keeps only these labels (NULL: all labels).\n"
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

    private DetectionFields fields;
    private ScoreThreshold threshold;
    private LabelSet labels;

    private Converter labelOut;
    private Converter classIdOut;
    private Converter scoreOut;
    private Converter x1Out;
    private Converter y1Out;
    private Converter x2Out;
    private Converter y2Out;

    private final Object[] row = new Object[COLUMNS.size()];
    private final IntWritable pos = new IntWritable();
    private final FloatWritable boxWidth = new FloatWritable();
    private final FloatWritable boxHeight = new FloatWritable();
    private final FloatWritable area = new FloatWritable();
    private final FloatWritable cx = new FloatWritable();
    private final FloatWritable cy = new FloatWritable();
    private final Text[] sizeClasses = new Text[SizeClass.values().length];

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
        threshold = arguments.length > 1 ? ScoreThreshold.of(USAGE, arguments[1], 1) : ScoreThreshold.none();
        labels = arguments.length > 2 ? LabelSet.of(USAGE, arguments[2], 2) : LabelSet.all();

        labelOut = fields.label.newOutputConverter();
        classIdOut = fields.classId.newOutputConverter();
        scoreOut = fields.score.newOutputConverter();
        x1Out = fields.x1.newOutputConverter();
        y1Out = fields.y1.newOutputConverter();
        x2Out = fields.x2.newOutputConverter();
        y2Out = fields.y2.newOutputConverter();
        for (SizeClass size : SizeClass.values()) {
            sizeClasses[size.ordinal()] = new Text(size.label);
        }

        ObjectInspector writableFloat = PrimitiveObjectInspectorFactory.writableFloatObjectInspector;
        return ObjectInspectorFactory.getStandardStructObjectInspector(COLUMNS, List.of(
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

    @Override
    public void process(Object[] arguments) throws HiveException {
        Object detections = arguments[0];
        if (detections == null) {
            return;
        }
        int count = fields.array.getListLength(detections);
        for (int i = 0; i < count; i++) {
            Object detection = fields.array.getListElement(detections, i);
            if (detection == null) {
                continue;
            }
            Object score = fields.score.raw(detection);
            if (!threshold.keeps(score, fields.score)) {
                continue;
            }
            Object label = fields.label.raw(detection);
            if (!labels.keeps(label, fields.label)) {
                continue;
            }
            pos.set(i);
            row[0] = pos;
            row[1] = labelOut.convert(label);
            row[2] = classIdOut.convert(fields.classId.raw(detection));
            row[3] = scoreOut.convert(score);
            Object x1 = fields.x1.raw(detection);
            Object y1 = fields.y1.raw(detection);
            Object x2 = fields.x2.raw(detection);
            Object y2 = fields.y2.raw(detection);
            row[4] = x1Out.convert(x1);
            row[5] = y1Out.convert(y1);
            row[6] = x2Out.convert(x2);
            row[7] = y2Out.convert(y2);
            if (x1 == null || y1 == null || x2 == null || y2 == null) {
                for (int column = 8; column < row.length; column++) {
                    row[column] = null;
                }
            } else {
                setGeometry(fields.x1.floatOf(x1), fields.y1.floatOf(y1), fields.x2.floatOf(x2), fields.y2.floatOf(y2));
            }
            forward(row);
        }
    }

    private void setGeometry(float left, float top, float right, float bottom) {
        float width = Math.max(0f, right - left);
        float height = Math.max(0f, bottom - top);
        float boxArea = width * height;
        boxWidth.set(width);
        boxHeight.set(height);
        area.set(boxArea);
        cx.set((left + right) / 2f);
        cy.set((top + bottom) / 2f);
        row[8] = boxWidth;
        row[9] = boxHeight;
        row[10] = area;
        row[11] = cx;
        row[12] = cy;
        row[13] = sizeClasses[SizeClass.ofArea(boxArea).ordinal()];
    }

    @Override
    public void close() {
        // nothing buffered: every row is forwarded from process()
    }
}
