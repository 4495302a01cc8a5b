package dev.argus.hive;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.hadoop.hive.ql.exec.UDFArgumentTypeException;
import org.apache.hadoop.hive.serde2.objectinspector.ConstantObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ListObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector.Category;
import org.apache.hadoop.hive.serde2.objectinspector.PrimitiveObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.PrimitiveObjectInspector.PrimitiveCategory;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorUtils;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.StringObjectInspector;
import org.apache.hadoop.io.Text;

/**
 * The {@code labels} argument: a constant {@code array<string>} of the labels to keep, fixed when the
 * query is compiled. A SQL {@code NULL} keeps every label.
 */
final class LabelSet {

    private final Set<String> labels;
    private final Set<Text> labelTexts;

    private LabelSet(Set<String> labels) {
        this.labels = labels;
        this.labelTexts = new HashSet<>();
        if (labels != null) {
            labels.forEach(label -> labelTexts.add(new Text(label)));
        }
    }

    static LabelSet all() {
        return new LabelSet(null);
    }

    static LabelSet of(String usage, ObjectInspector argument, int position) throws UDFArgumentTypeException {
        if (ScoreThreshold.isNullLiteral(argument)) {
            return all();
        }
        if (!isStringArray(argument)) {
            throw new UDFArgumentTypeException(position,
                    usage + ": labels must be an array of strings such as array('person','car'), but it is "
                            + argument.getTypeName());
        }
        if (!(argument instanceof ConstantObjectInspector constant)) {
            throw new UDFArgumentTypeException(position,
                    usage + ": labels must be a constant array such as array('person','car'), not a column or expression");
        }
        Object value = constant.getWritableConstantValue();
        if (value == null) {
            return all();
        }
        PrimitiveObjectInspector element =
                (PrimitiveObjectInspector) ((ListObjectInspector) argument).getListElementObjectInspector();
        Set<String> labels = new HashSet<>();
        for (Object label : (List<?>) value) {
            if (label != null) {
                labels.add(PrimitiveObjectInspectorUtils.getString(label, element));
            }
        }
        return new LabelSet(labels);
    }

    /** Whether every label is kept, so the label need not be read. */
    boolean keepsAll() {
        return labels == null;
    }

    /**
     * Whether a detection with this label is kept. Looks the label up in the form the table's reader
     * holds it (a Java String or a Text), so no string is built per row.
     */
    boolean keeps(Object rawLabel, DetectionFields.Field label) {
        if (labels == null) {
            return true;
        }
        if (rawLabel == null) {
            return false;
        }
        if (label.inspector.preferWritable() && label.inspector instanceof StringObjectInspector text) {
            return labelTexts.contains(text.getPrimitiveWritableObject(rawLabel));
        }
        return labels.contains(PrimitiveObjectInspectorUtils.getString(rawLabel, label.inspector));
    }

    private static boolean isStringArray(ObjectInspector argument) {
        if (argument.getCategory() != Category.LIST) {
            return false;
        }
        ObjectInspector element = ((ListObjectInspector) argument).getListElementObjectInspector();
        if (element.getCategory() != Category.PRIMITIVE) {
            return false;
        }
        PrimitiveCategory type = ((PrimitiveObjectInspector) element).getPrimitiveCategory();
        // array() with no elements, or array(NULL), has no element type yet
        return type == PrimitiveCategory.STRING || type == PrimitiveCategory.VARCHAR
                || type == PrimitiveCategory.CHAR || type == PrimitiveCategory.VOID;
    }
}
