package dev.argus.hive;

import java.math.BigDecimal;

import org.apache.hadoop.hive.common.type.HiveDecimal;
import org.apache.hadoop.hive.ql.exec.UDFArgumentException;
import org.apache.hadoop.hive.ql.exec.UDFArgumentTypeException;
import org.apache.hadoop.hive.serde2.objectinspector.ConstantObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector.Category;
import org.apache.hadoop.hive.serde2.objectinspector.PrimitiveObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.PrimitiveObjectInspector.PrimitiveCategory;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorFactory;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorUtils;
import org.apache.hadoop.hive.serde2.typeinfo.PrimitiveTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfoUtils;

/**
 * The {@code min_score} argument: a number in [0, 1]; a detection is kept when {@code score >=
 * min_score} is true as Hive evaluates it ({@link HiveAtLeast}). A SQL {@code NULL} means no threshold.
 *
 * <p>A constant is read and checked once, when the query is compiled. Hive's cost-based optimizer
 * also calls the function before it has folded constant expressions ({@code 0.5 + 0.2}, a constant
 * column of a subquery), with an inspector that is not a constant; such an argument is read once
 * per image instead, so it works whatever Hive folds, and so does a per-image column.
 */
final class ScoreThreshold {

    private static final ScoreThreshold NONE = new ScoreThreshold(null, null, -1, null);

    private final String usage;
    private final PrimitiveObjectInspector argument;
    /** Where the argument is in process()'s arguments when it is read per image; -1 for a constant. */
    private final int perImagePosition;
    private final HiveAtLeast atLeast;
    private boolean active;

    private ScoreThreshold(String usage, PrimitiveObjectInspector argument, int perImagePosition, HiveAtLeast atLeast) {
        this.usage = usage;
        this.argument = argument;
        this.perImagePosition = perImagePosition;
        this.atLeast = atLeast;
    }

    static ScoreThreshold none() {
        return NONE;
    }

    static ScoreThreshold of(String usage, ObjectInspector argument, int position, DetectionFields.Field score)
            throws UDFArgumentTypeException {
        if (isNullLiteral(argument)) {
            return NONE;
        }
        if (argument.getCategory() != Category.PRIMITIVE || !isNumber((PrimitiveObjectInspector) argument)) {
            throw new UDFArgumentTypeException(position,
                    usage + ": min_score must be a number, but it is " + argument.getTypeName());
        }
        PrimitiveObjectInspector number = (PrimitiveObjectInspector) argument;
        if (!(argument instanceof ConstantObjectInspector constant)) {
            return new ScoreThreshold(usage, number, position, new HiveAtLeast(score, number));
        }
        Object value = constant.getWritableConstantValue();
        Object narrowed = value == null ? null : narrowedToScoreType(number.getPrimitiveJavaObject(value), score);
        HiveAtLeast atLeast = narrowed == null
                ? new HiveAtLeast(score, number)
                : new HiveAtLeast(score, PrimitiveObjectInspectorFactory.getPrimitiveJavaObjectInspector(
                        (PrimitiveTypeInfo) TypeInfoUtils.getTypeInfoFromObjectInspector(score.inspector)));
        ScoreThreshold threshold = new ScoreThreshold(usage, number, -1, atLeast);
        try {
            threshold.check(value);
        } catch (UDFArgumentException e) {
            throw new UDFArgumentTypeException(position, e.getMessage());
        }
        if (value != null) {
            threshold.active = true;
            atLeast.setThreshold(narrowed == null ? value : narrowed);
        }
        return threshold;
    }

    /**
     * A constant threshold as Hive 4 turns a numeric constant compared with a column into the column's
     * type before comparing (ExprNodeDescExprFactory.interpretConstantAsPrimitive): a decimal by its
     * floatValue/doubleValue, any other number through its decimal text, whole-number types only when
     * exact. So {@code score >= 0.7}, {@code >= 7e-1} and {@code >= 0.5 + 0.2} compare {@code 0.7f} with
     * a FLOAT score. Null when Hive would leave the constant as it is.
     */
    private static Object narrowedToScoreType(Object constant, DetectionFields.Field score) {
        PrimitiveCategory target = score.inspector.getPrimitiveCategory();
        try {
            if (constant instanceof HiveDecimal decimal) {
                return switch (target) {
                    case FLOAT -> decimal.floatValue();
                    case DOUBLE -> decimal.doubleValue();
                    default -> null;
                };
            }
            if (!(constant instanceof Number)) {
                return null;
            }
            String text = constant.toString();
            return switch (target) {
                case FLOAT -> Float.valueOf(text);
                case DOUBLE -> Double.valueOf(text);
                case BYTE -> new BigDecimal(text).byteValueExact();
                case SHORT -> new BigDecimal(text).shortValueExact();
                case INT -> new BigDecimal(text).intValueExact();
                case LONG -> new BigDecimal(text).longValueExact();
                case DECIMAL -> HiveDecimal.create(text);
                default -> null;
            };
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }

    /** Reads this image's threshold when it is not a constant. */
    void startImage(Object[] arguments) throws UDFArgumentException {
        if (perImagePosition >= 0) {
            set(arguments[perImagePosition]);
        }
    }

    private void set(Object value) throws UDFArgumentException {
        check(value);
        active = value != null;
        if (active) {
            atLeast.setThreshold(value);
        }
    }

    private void check(Object value) throws UDFArgumentException {
        if (value == null) {
            return;
        }
        double min = PrimitiveObjectInspectorUtils.getDouble(value, argument);
        // Scores are confidences in [0, 1]; 50 is almost always someone meaning 50 %.
        if (!(min >= 0 && min <= 1)) {
            throw new UDFArgumentException(usage + ": min_score must be between 0 and 1, but it is " + min);
        }
    }

    /** Whether every detection is kept, so the score need not be read. */
    boolean keepsAll() {
        return !active;
    }

    /** Whether a detection with this score is kept; a NULL score never passes a threshold. */
    boolean keeps(Object rawScore) {
        if (!active) {
            return true;
        }
        return rawScore != null && atLeast.test(rawScore);
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
