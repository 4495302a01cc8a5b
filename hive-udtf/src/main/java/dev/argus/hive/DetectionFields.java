package dev.argus.hive;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.apache.hadoop.hive.ql.exec.UDFArgumentTypeException;
import org.apache.hadoop.hive.serde2.objectinspector.ListObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector.Category;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspectorConverters;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspectorConverters.Converter;
import org.apache.hadoop.hive.serde2.objectinspector.PrimitiveObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.PrimitiveObjectInspector.PrimitiveCategory;
import org.apache.hadoop.hive.serde2.objectinspector.StandardStructObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.StructField;
import org.apache.hadoop.hive.serde2.objectinspector.StructObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.FloatObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorFactory;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorUtils;

/**
 * The detections argument of a UDTF, understood once when the query is compiled: an array of structs
 * whose fields are found <em>by name</em> ({@code label, class_id, score, x1, y1, x2, y2}). Fields added
 * to the Avro schema later, or a different field order, change nothing.
 */
final class DetectionFields {

    static final String CONTRACT_TYPE =
            "array<struct<label:string,class_id:int,score:float,x1:float,y1:float,x2:float,y2:float>>";

    private static final Set<PrimitiveCategory> TEXT =
            EnumSet.of(PrimitiveCategory.STRING, PrimitiveCategory.VARCHAR, PrimitiveCategory.CHAR);
    private static final Set<PrimitiveCategory> WHOLE_NUMBER =
            EnumSet.of(PrimitiveCategory.BYTE, PrimitiveCategory.SHORT, PrimitiveCategory.INT, PrimitiveCategory.LONG);
    private static final Set<PrimitiveCategory> NUMBER = EnumSet.of(PrimitiveCategory.BYTE, PrimitiveCategory.SHORT,
            PrimitiveCategory.INT, PrimitiveCategory.LONG, PrimitiveCategory.FLOAT, PrimitiveCategory.DOUBLE,
            PrimitiveCategory.DECIMAL);

    final ListObjectInspector array;
    final Field label;
    final Field classId;
    final Field score;
    final Field x1;
    final Field y1;
    final Field x2;
    final Field y2;

    private DetectionFields(ListObjectInspector array, StructObjectInspector detection, String usage)
            throws UDFArgumentTypeException {
        this.array = array;
        this.label = Field.resolve(usage, detection, "label", TEXT, "a string", PrimitiveCategory.STRING);
        this.classId = Field.resolve(usage, detection, "class_id", WHOLE_NUMBER, "an integer", PrimitiveCategory.INT);
        this.score = Field.resolve(usage, detection, "score", NUMBER, "a number", PrimitiveCategory.FLOAT);
        this.x1 = Field.resolve(usage, detection, "x1", NUMBER, "a number", PrimitiveCategory.FLOAT);
        this.y1 = Field.resolve(usage, detection, "y1", NUMBER, "a number", PrimitiveCategory.FLOAT);
        this.x2 = Field.resolve(usage, detection, "x2", NUMBER, "a number", PrimitiveCategory.FLOAT);
        this.y2 = Field.resolve(usage, detection, "y2", NUMBER, "a number", PrimitiveCategory.FLOAT);
    }

    /** Reads the first argument of a UDTF (named by its usage line), or says what it should have been. */
    static DetectionFields of(String usage, ObjectInspector argument) throws UDFArgumentTypeException {
        if (argument.getCategory() != Category.LIST
                || ((ListObjectInspector) argument).getListElementObjectInspector().getCategory() != Category.STRUCT) {
            throw new UDFArgumentTypeException(0, usage + ": the first argument must be the detections column, "
                    + CONTRACT_TYPE + ", but it is " + argument.getTypeName());
        }
        ListObjectInspector array = (ListObjectInspector) argument;
        return new DetectionFields(array, (StructObjectInspector) array.getListElementObjectInspector(), usage);
    }

    /** One field of the detection struct: where it is and how to read it. */
    static final class Field {
        final String name;
        final PrimitiveObjectInspector inspector;
        /** The SQL type this field has in the UDTF's output, whatever numeric type the table declares. */
        final PrimitiveCategory outputType;
        private final StructObjectInspector owner;
        private final StructField ref;
        /** Set when the table stores this field as a float, as the contract does: the fast path. */
        private final FloatObjectInspector floatInspector;
        /**
         * The field's index when the struct inspector is Hive's standard one (AvroSerDe's), whose structs
         * are Lists; -1 otherwise. Its own getStructFieldData checks for arrays and for a wrong field count
         * on every read, which costs more than the read.
         */
        private final int listIndex;

        private Field(String name, StructObjectInspector owner, StructField ref, PrimitiveCategory outputType) {
            this.name = name;
            this.owner = owner;
            this.ref = ref;
            this.inspector = (PrimitiveObjectInspector) ref.getFieldObjectInspector();
            this.outputType = outputType;
            this.floatInspector = inspector instanceof FloatObjectInspector f ? f : null;
            this.listIndex = owner.getClass() == StandardStructObjectInspector.class ? ref.getFieldID() : -1;
        }

        static Field resolve(String usage, StructObjectInspector detection, String name,
                             Set<PrimitiveCategory> allowed, String expected, PrimitiveCategory outputType)
                throws UDFArgumentTypeException {
            StructField ref = findField(detection, name);
            if (ref == null) {
                throw new UDFArgumentTypeException(0, usage + ": the detection struct has no field '" + name
                        + "'; expected " + CONTRACT_TYPE + ", got " + detection.getTypeName());
            }
            ObjectInspector inspector = ref.getFieldObjectInspector();
            if (inspector.getCategory() != Category.PRIMITIVE
                    || !allowed.contains(((PrimitiveObjectInspector) inspector).getPrimitiveCategory())) {
                throw new UDFArgumentTypeException(0, usage + ": field '" + name + "' of the detection struct must be "
                        + expected + ", but it is " + inspector.getTypeName());
            }
            return new Field(name, detection, ref, outputType);
        }

        // getStructFieldRef throws on a missing name in some inspectors and returns null in others.
        private static StructField findField(StructObjectInspector detection, String name) {
            for (StructField field : detection.getAllStructFieldRefs()) {
                if (field.getFieldName().equalsIgnoreCase(name)) {
                    return field;
                }
            }
            return null;
        }

        /** The field's value as the table's reader gave it; null when the field is NULL. */
        Object raw(Object detection) {
            if (listIndex >= 0 && detection instanceof List<?> values) {
                // what StandardStructObjectInspector returns, short fields included
                return listIndex < values.size() ? values.get(listIndex) : null;
            }
            return owner.getStructFieldData(detection, ref);
        }

        /** A non-null raw value as a float. */
        float floatOf(Object raw) {
            // getFloat's switch over every primitive type is too big to inline; a float field skips it
            if (floatInspector != null) {
                return floatInspector.get(raw);
            }
            return PrimitiveObjectInspectorUtils.getFloat(raw, inspector);
        }

        /** A non-null raw value as a double. */
        double doubleOf(Object raw) {
            if (floatInspector != null) {
                return floatInspector.get(raw);
            }
            return PrimitiveObjectInspectorUtils.getDouble(raw, inspector);
        }

        /**
         * What this field's output column is read with: the table's own inspector when the type already
         * matches (the value is forwarded untouched, as {@code inline()} does), else a writable one.
         */
        ObjectInspector outputInspector() {
            return inspector.getPrimitiveCategory() == outputType
                    ? inspector
                    : PrimitiveObjectInspectorFactory.getPrimitiveWritableObjectInspector(outputType);
        }

        /**
         * Turns raw values into output values. Each output column needs its own: a converting one reuses a
         * single writable.
         */
        Converter newOutputConverter() {
            return ObjectInspectorConverters.getConverter(inspector, outputInspector());
        }
    }
}
