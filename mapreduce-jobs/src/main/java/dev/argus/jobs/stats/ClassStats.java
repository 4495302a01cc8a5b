package dev.argus.jobs.stats;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** The stats job's output record: one per class, in Avro so Hive and the report can read it. */
public final class ClassStats {

    public static final Schema SCHEMA = SchemaBuilder.record("ClassStats").namespace("dev.argus.stats.avro") // no Java class by that name: stays a GenericRecord
            .doc("Detections of one class in one detections partition.")
            .fields()
            .name("label").doc("Class name.").type().stringType().noDefault()
            .name("count").doc("Number of boxes.").type().longType().noDefault()
            .name("mean_score").doc("Mean confidence of those boxes.").type().doubleType().noDefault()
            .name("small").doc("Boxes with area < 32x32 px (COCO small).").type().longType().noDefault()
            .name("medium").doc("Boxes with 32x32 <= area < 96x96 px (COCO medium).").type().longType().noDefault()
            .name("large").doc("Boxes with area >= 96x96 px (COCO large).").type().longType().noDefault()
            .endRecord();

    private ClassStats() {
    }

    public static GenericRecord record(String label, ClassTally tally) {
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put("label", label);
        r.put("count", tally.count());
        r.put("mean_score", tally.meanScore());
        r.put("small", tally.small());
        r.put("medium", tally.medium());
        r.put("large", tally.large());
        return r;
    }
}
