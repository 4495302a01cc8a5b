package dev.argus.hive;

import org.apache.hadoop.hive.ql.exec.UDFArgumentTypeException;
import org.apache.hadoop.hive.serde2.objectinspector.ConstantObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector.Category;
import org.apache.hadoop.hive.serde2.objectinspector.PrimitiveObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.PrimitiveObjectInspector.PrimitiveCategory;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorUtils;

/**
 * The {@code min_score} argument: a constant in [0, 1], fixed when the query is compiled so the UDTF
 * can drop a detection before it builds its row. A SQL {@code NULL} means no threshold.
 */
final class ScoreThreshold {

    private static final ScoreThreshold NONE = new ScoreThreshold(Double.NEGATIVE_INFINITY, false);

    private final double min;
    private final boolean rejectsNullScores;

    private ScoreThreshold(double min, boolean rejectsNullScores) {
        this.min = min;
        this.rejectsNullScores = rejectsNullScores;
    }

    static ScoreThreshold none() {
        return NONE;
    }

    static ScoreThreshold of(String usage, ObjectInspector argument, int position) throws UDFArgumentTypeException {
        if (isNullLiteral(argument)) {
            return NONE;
        }
        if (argument.getCategory() != Category.PRIMITIVE || !isNumber((PrimitiveObjectInspector) argument)) {
            throw new UDFArgumentTypeException(position,
                    usage + ": min_score must be a number, but it is " + argument.getTypeName());
        }
        if (!(argument instanceof ConstantObjectInspector constant)) {
            throw new UDFArgumentTypeException(position,
                    usage + ": min_score must be a constant such as 0.5, not a column or expression");
        }
        Object value = constant.getWritableConstantValue();
        if (value == null) {
            return NONE;
        }
        double min = PrimitiveObjectInspectorUtils.getDouble(value, (PrimitiveObjectInspector) argument);
        // Scores are confidences in [0, 1]; 50 is almost always someone meaning 50 %.
        if (!(min >= 0 && min <= 1)) {
            throw new UDFArgumentTypeException(position,
                    usage + ": min_score must be between 0 and 1, but it is " + min);
        }
        return new ScoreThreshold(min, true);
    }

    /** Whether every detection is kept, so the score need not be read. */
    boolean keepsAll() {
        return !rejectsNullScores;
    }

    /**
     * Whether a detection with this score is kept. Compared as doubles, so the result is the same as
     * {@code WHERE score >= min_score} in SQL; a NULL score never passes a threshold.
     */
    boolean keeps(Object rawScore, DetectionFields.Field score) {
        if (rawScore == null) {
            return !rejectsNullScores;
        }
        return !rejectsNullScores || score.doubleOf(rawScore) >= min;
    }

    static boolean isNullLiteral(ObjectInspector argument) {
        return argument.getCategory() == Category.PRIMITIVE
                && ((PrimitiveObjectInspector) argument).getPrimitiveCategory() == PrimitiveCategory.VOID;
    }

    private static boolean isNumber(PrimitiveObjectInspector argument) {
        return switch (argument.getPrimitiveCategory()) {
            case BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, DECIMAL -> true;
            default -> false;
        };
    }
}
