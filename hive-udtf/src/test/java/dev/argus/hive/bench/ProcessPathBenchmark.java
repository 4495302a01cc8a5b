package dev.argus.hive.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.hive.ql.metadata.HiveException;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDTF;
import org.apache.hadoop.hive.ql.udf.generic.GenericUDTFInline;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.ObjectInspectorFactory;
import org.apache.hadoop.hive.serde2.objectinspector.StructField;
import org.apache.hadoop.hive.serde2.objectinspector.StructObjectInspector;
import org.apache.hadoop.hive.serde2.objectinspector.primitive.PrimitiveObjectInspectorFactory;
import org.apache.hadoop.hive.serde2.typeinfo.TypeInfoFactory;
import org.apache.hadoop.hive.serde2.io.DoubleWritable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import dev.argus.hive.DetectionPairs;
import dev.argus.hive.ExplodeDetections;

/**
 * The {@code process} path alone: a batch of images goes through the UDTF as Hive's UDTF operator
 * would pass it, with the ObjectInspectors Hive's AvroSerDe gives the detections column (standard
 * list and struct inspectors over Java objects). Each function is measured twice: forwarding each
 * row, unread, into a Blackhole (what Hive's collector does), and, as {@code ...ReadAll}, with a
 * collector that reads every column through the inspector the UDTF returned (what a {@code SELECT *}
 * or LATERAL VIEW's join does next): the seven struct fields for {@code inline()}, all fourteen
 * columns for {@code explode_detections}. Scores are detections (input rows) per microsecond.
 *
 * <pre>
 * mvn -B -pl hive-udtf -Pbench test-compile exec:exec                        (add -Dbench.args="ProcessPathBenchmark -prof gc" for allocation)
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@OperationsPerInvocation(ProcessPathBenchmark.DETECTIONS)
public class ProcessPathBenchmark {

    static final int IMAGES = 1_000;
    static final int PER_IMAGE = 10;
    static final int DETECTIONS = IMAGES * PER_IMAGE;

    private static final List<String> FIELDS = List.of("label", "class_id", "score", "x1", "y1", "x2", "y2");
    private static final String[] LABELS = {"person", "car", "forklift", "truck", "bicycle"};

    private ObjectInspector detectionsInspector;
    private List<Object[]> images;

    private GenericUDTF inline;
    private GenericUDTF explode;
    private GenericUDTF explodeAboveHalf;
    private GenericUDTF pairs;
    private GenericUDTF inlineRead;
    private GenericUDTF explodeRead;
    private GenericUDTF explodeAboveHalfRead;

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) throws HiveException {
        ObjectInspector javaFloat = PrimitiveObjectInspectorFactory.javaFloatObjectInspector;
        detectionsInspector = ObjectInspectorFactory.getStandardListObjectInspector(
                ObjectInspectorFactory.getStandardStructObjectInspector(FIELDS, List.of(
                        PrimitiveObjectInspectorFactory.javaStringObjectInspector,
                        PrimitiveObjectInspectorFactory.javaIntObjectInspector,
                        javaFloat, javaFloat, javaFloat, javaFloat, javaFloat)));
        images = images(new Random(11));

        ObjectInspector halfScore = PrimitiveObjectInspectorFactory.getPrimitiveWritableConstantObjectInspector(
                TypeInfoFactory.doubleTypeInfo, new DoubleWritable(0.5));
        inline = forwarding(new GenericUDTFInline(), blackhole, detectionsInspector);
        explode = forwarding(new ExplodeDetections(), blackhole, detectionsInspector);
        explodeAboveHalf = forwarding(new ExplodeDetections(), blackhole, detectionsInspector, halfScore);
        pairs = forwarding(new DetectionPairs(), blackhole, detectionsInspector);
        inlineRead = reading(new GenericUDTFInline(), blackhole, detectionsInspector);
        explodeRead = reading(new ExplodeDetections(), blackhole, detectionsInspector);
        explodeAboveHalfRead = reading(new ExplodeDetections(), blackhole, detectionsInspector, halfScore);
    }

    /** What Hive's collector does with a row: hand it on, unread, to the next operator. */
    @SuppressWarnings("deprecation") // the overload Hive 4 itself calls, see ExplodeDetections
    private static GenericUDTF forwarding(GenericUDTF udtf, Blackhole blackhole, ObjectInspector... arguments)
            throws HiveException {
        udtf.initialize(arguments);
        udtf.setCollector(blackhole::consume);
        return udtf;
    }

    /** A next operator that reads every column through the UDTF's inspector, as {@code SELECT *} would. */
    @SuppressWarnings("deprecation")
    private static GenericUDTF reading(GenericUDTF udtf, Blackhole blackhole, ObjectInspector... arguments)
            throws HiveException {
        StructObjectInspector output = udtf.initialize(arguments);
        List<? extends StructField> columns = output.getAllStructFieldRefs();
        udtf.setCollector(row -> {
            for (StructField column : columns) {
                blackhole.consume(output.getStructFieldData(row, column));
            }
        });
        return udtf;
    }

    /** Images as AvroDeserializer hands them over: a List per array, a List of field values per struct. */
    private static List<Object[]> images(Random random) {
        List<Object[]> images = new ArrayList<>(IMAGES);
        for (int i = 0; i < IMAGES; i++) {
            List<Object> detections = new ArrayList<>(PER_IMAGE);
            for (int d = 0; d < PER_IMAGE; d++) {
                int classId = random.nextInt(LABELS.length);
                float x1 = random.nextInt(600);
                float y1 = random.nextInt(440);
                detections.add(new ArrayList<>(List.of(LABELS[classId], classId, random.nextFloat(),
                        x1, y1, x1 + 2 + random.nextInt(199), y1 + 2 + random.nextInt(199))));
            }
            images.add(new Object[] {detections});
        }
        return images;
    }

    private void run(GenericUDTF udtf) throws HiveException {
        for (Object[] image : images) {
            udtf.process(image);
        }
    }

    @Benchmark
    public void inline() throws HiveException {
        run(inline);
    }

    @Benchmark
    public void explodeDetections() throws HiveException {
        run(explode);
    }

    @Benchmark
    public void explodeDetectionsMinScore() throws HiveException {
        run(explodeAboveHalf);
    }

    @Benchmark
    public void inlineReadAll() throws HiveException {
        run(inlineRead);
    }

    @Benchmark
    public void explodeDetectionsReadAll() throws HiveException {
        run(explodeRead);
    }

    @Benchmark
    public void explodeDetectionsMinScoreReadAll() throws HiveException {
        run(explodeAboveHalfRead);
    }

    /** For scale only: 45 pairs per image of 10, so many more rows out than in. */
    @Benchmark
    public void detectionPairs() throws HiveException {
        run(pairs);
    }
}
