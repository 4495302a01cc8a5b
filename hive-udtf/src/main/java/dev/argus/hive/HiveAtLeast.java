package dev.argus.hive;

import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspectorConverters;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspectorConverters.Converter;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspectorUtils;
import org.apache.hadoop.hive.serde2.objectinspector.PrimitiveObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.PrimitiveObjectInspector.PrimitiveCategory;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorUtils;
import org.apache.hadoop.hive.serde2.typeinfo.HiveDecimalUtils;
import org.apache.hadoop.hive.serde2.typeinfo.PrimitiveTypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfo;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfoFactory;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfoUtils;

/**
 * {@code score >= threshold} decided as Hive's own {@code >=} (GenericUDFOPEqualOrGreaterThan,
 * through GenericUDFBaseCompare) decides it for a given threshold type.
 *
 * <p>Hive compares two values of one primitive category directly. Otherwise it converts both to the
 * common type {@code FunctionRegistry.getCommonClassForComparison} picks (DOUBLE when there is none)
 * and compares there: for a FLOAT score, FLOAT against a DECIMAL or an integer, DOUBLE against a
 * DOUBLE. ({@link ScoreThreshold} first turns a constant into the score's type, as Hive turns a
 * literal, so a constant always takes the first way.) The threshold is converted once, with Hive's
 * converter; a float or double comparison then reads the score straight from its field, and every
 * other type goes through Hive's converter and {@link ObjectInspectorUtils#compare}, as Hive does.
 */
final class HiveAtLeast {

    private enum Path { FLOAT, DOUBLE, CONVERTED }

    private final DetectionFields.Field score;
    private final Path path;
    /** The score into the type both sides are compared in; null when the score has that type already. */
    private final Converter scoreConverter;
    /** The threshold into the type both sides are compared in; its output is only ever the threshold. */
    private final Converter thresholdConverter;
    private final ObjectInspector compareInspector;
    private final ObjectInspector scoreCompareInspector;

    private float floatMin;
    private double doubleMin;
    private Object min;

    HiveAtLeast(DetectionFields.Field score, PrimitiveObjectInspector threshold) {
        this.score = score;
        PrimitiveCategory scoreCategory = score.inspector.getPrimitiveCategory();
        TypeInfo compareType;
        if (scoreCategory == threshold.getPrimitiveCategory()) {
            compareType = TypeInfoUtils.getTypeInfoFromObjectInspector(threshold);
            scoreConverter = null;
            scoreCompareInspector = score.inspector;
        } else {
            TypeInfo common = commonNumericType(
                    (PrimitiveTypeInfo) TypeInfoUtils.getTypeInfoFromObjectInspector(score.inspector),
                    (PrimitiveTypeInfo) TypeInfoUtils.getTypeInfoFromObjectInspector(threshold));
            compareType = common != null ? common : TypeInfoFactory.doubleTypeInfo;
            scoreCompareInspector = TypeInfoUtils.getStandardWritableObjectInspectorFromTypeInfo(compareType);
            scoreConverter = ObjectInspectorConverters.getConverter(score.inspector, scoreCompareInspector);
        }
        compareInspector = TypeInfoUtils.getStandardWritableObjectInspectorFromTypeInfo(compareType);
        thresholdConverter = ObjectInspectorConverters.getConverter(threshold, compareInspector);
        path = switch (((PrimitiveTypeInfo) compareType).getPrimitiveCategory()) {
            case FLOAT -> Path.FLOAT;
            case DOUBLE -> Path.DOUBLE;
            default -> Path.CONVERTED;
        };
    }

    /**
     * What {@code FunctionRegistry.getCommonClassForComparison} answers for two numeric types of different
     * categories (its numeric branch, step for step): the first type of Hive's numeric order both
     * convert to implicitly, a DECIMAL wide enough for both. FunctionRegistry itself cannot be used: its
     * class initialisation registers every built-in function, and in Spark's Hive some of their classes
     * (LLAP) are missing.
     */
    static TypeInfo commonNumericType(PrimitiveTypeInfo a, PrimitiveTypeInfo b) {
        for (PrimitiveCategory type : TypeInfoUtils.numericTypeList) {
            if (TypeInfoUtils.implicitConvertible(a.getPrimitiveCategory(), type)
                    && TypeInfoUtils.implicitConvertible(b.getPrimitiveCategory(), type)) {
                return type == PrimitiveCategory.DECIMAL
                        ? HiveDecimalUtils.getDecimalTypeForPrimitiveCategories(a, b)
                        : TypeInfoFactory.getPrimitiveTypeInfo(
                                PrimitiveObjectInspectorUtils.getTypeEntryFromPrimitiveCategory(type).typeName);
            }
        }
        return null;
    }

    /** Sets the (non-null) threshold, as the threshold argument's inspector reads it. */
    void setThreshold(Object threshold) {
        min = thresholdConverter.convert(threshold);
        PrimitiveObjectInspector inspector = (PrimitiveObjectInspector) compareInspector;
        switch (path) {
            case FLOAT -> floatMin = PrimitiveObjectInspectorUtils.getFloat(min, inspector);
            case DOUBLE -> doubleMin = PrimitiveObjectInspectorUtils.getDouble(min, inspector);
            default -> { }
        }
    }

    /** Whether a non-null score passes: {@code score >= threshold} is true. */
    boolean test(Object rawScore) {
        return switch (path) {
            // FloatConverter and DoubleConverter are getFloat/getDouble, which floatOf/doubleOf are
            case FLOAT -> compareFloats(score.floatOf(rawScore), floatMin) >= 0;
            case DOUBLE -> compareDoubles(score.doubleOf(rawScore), doubleMin) >= 0;
            case CONVERTED -> ObjectInspectorUtils.compare(
                    scoreConverter == null ? rawScore : scoreConverter.convert(rawScore), scoreCompareInspector,
                    min, compareInspector) >= 0;
        };
    }

    // ObjectInspectorUtils.compare's rule for floats and doubles: 0.0 equals -0.0, otherwise
    // Float.compare/Double.compare (so NaN is above every number, as it is in Hive's WHERE).
    private static int compareFloats(float a, float b) {
        return a == 0f && b == 0f ? 0 : Float.compare(a, b);
    }

    private static int compareDoubles(double a, double b) {
        return a == 0d && b == 0d ? 0 : Double.compare(a, b);
    }
}
