package dev.argus.hive;

import java.util.List;

import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspectorFactory;
import org.apache.hadoop.hive.serde2.objectinspector.StandardStructObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.StructField;
import org.apache.hadoop.hive.serde2.objectinspector.StructObjectInspector;

/**
 * How Hive reads {@code explode_detections}' rows: a {@link DetectionRow} column by column, on demand.
 * Names, types and field references are those of a standard struct inspector over the same columns,
 * which also reads the rows Hive builds itself (the all-NULL row of {@code LATERAL VIEW OUTER} is a
 * {@code List}).
 */
final class DetectionRowInspector extends StructObjectInspector {

    private final StandardStructObjectInspector standard;

    DetectionRowInspector(List<String> names, List<ObjectInspector> inspectors) {
        this.standard = ObjectInspectorFactory.getStandardStructObjectInspector(names, inspectors);
    }

    @Override
    public Object getStructFieldData(Object data, StructField field) {
        if (data instanceof DetectionRow row) {
            return row.column(field.getFieldID());
        }
        return standard.getStructFieldData(data, field);
    }

    @Override
    public List<Object> getStructFieldsDataAsList(Object data) {
        if (data instanceof DetectionRow row) {
            return row.columns();
        }
        return standard.getStructFieldsDataAsList(data);
    }

    @Override
    public List<? extends StructField> getAllStructFieldRefs() {
        return standard.getAllStructFieldRefs();
    }

    @Override
    public StructField getStructFieldRef(String fieldName) {
        return standard.getStructFieldRef(fieldName);
    }

    @Override
    public String getTypeName() {
        return standard.getTypeName();
    }

    @Override
    public Category getCategory() {
        return Category.STRUCT;
    }
}
