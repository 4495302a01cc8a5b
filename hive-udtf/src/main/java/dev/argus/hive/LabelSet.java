package dev.argus.hive;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.apache.hadoop.hive.ql.exec.UDFArgumentTypeException;
import org.apache.hadoop.hive.serde2.objectinspector.ConstantObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ListObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector.Category;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspectorConverters;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspectorConverters.Converter;
import org.apache.hadoop.hive.serde2.objectinspector.PrimitiveObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.PrimitiveObjectInspector.PrimitiveCategory;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorFactory;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorUtils;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.StringObjectInspector;
import org.apache.hadoop.io.Text;

/**
 * The {@code labels} argument: an {@code array} of {@code string}, {@code varchar} or {@code char}
 * labels to keep. A SQL {@code NULL} keeps every label. Each label is turned into a string by Hive's
 * own converter (a {@code char}'s padding goes, as when Hive casts it to a string).
 *
 * <p>A constant array is read once, when the query is compiled; an argument Hive has not folded to a
 * constant yet (see {@link ScoreThreshold}) is read once per image, and its set rebuilt only when it
 * changes.
 */
final class LabelSet {

    private final ListObjectInspector argument;
    /** Where the argument is in process()'s arguments when it is read per image; -1 for a constant. */
    private final int perImagePosition;
    private final Converter toText;

    /** null: every label is kept. */
    private Set<String> labels;
    private final Set<Text> labelTexts = new HashSet<>();
    /** The labels in the order the argument gave them, to see whether a per-image array changed. */
    private String[] lastLabels = new String[0];
    private boolean lastWasNull = true;

    private LabelSet(ListObjectInspector argument, int perImagePosition) {
        this.argument = argument;
        this.perImagePosition = perImagePosition;
        this.toText = argument == null ? null : ObjectInspectorConverters.getConverter(
                argument.getListElementObjectInspector(), PrimitiveObjectInspectorFactory.writableStringObjectInspector);
    }

    static LabelSet all() {
        return new LabelSet(null, -1);
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
        ListObjectInspector array = (ListObjectInspector) argument;
        if (!(argument instanceof ConstantObjectInspector constant)) {
            return new LabelSet(array, position);
        }
        LabelSet labels = new LabelSet(array, -1);
        labels.set(constant.getWritableConstantValue());
        return labels;
    }

    /** Reads this image's labels when they are not a constant. */
    void startImage(Object[] arguments) {
        if (perImagePosition >= 0) {
            set(arguments[perImagePosition]);
        }
    }

    private void set(Object array) {
        int length = array == null ? -1 : argument.getListLength(array);
        if (length < 0) {
            labels = null;
            lastWasNull = true;
            return;
        }
        String[] given = new String[length];
        for (int i = 0; i < length; i++) {
            Object label = argument.getListElement(array, i);
            given[i] = label == null ? null : toText.convert(label).toString();
        }
        if (!lastWasNull && Arrays.equals(given, lastLabels)) {
            return;
        }
        lastWasNull = false;
        lastLabels = given;
        labels = new HashSet<>();
        labelTexts.clear();
        for (String label : given) {
            if (label != null) {
                labels.add(label);
                labelTexts.add(new Text(label));
            }
        }
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
