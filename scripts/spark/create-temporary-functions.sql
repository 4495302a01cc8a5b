-- The Argus UDTFs in a Spark SQL session (Spark 4.0.x with Hive support: spark-sql, or
-- SparkSession.builder().enableHiveSupport() in PySpark/Scala/Java). Spark runs Hive GenericUDTFs
-- through the Hive 2.3 it bundles; the same hive-udtf jar as for Hive.
--
-- Variables (spark-sql --hivevar argus_udtf_jar=... -i this file, or SET argus_udtf_jar=... first):
--   argus_udtf_jar   the jar's URI, e.g. hdfs:///argus/_lib/hive-udtf-0.1.0-SNAPSHOT.jar
--
-- The tables are those of scripts/hive/create-tables.sql when Spark shares the Hive metastore, or any
-- table or view with the contract's detections column (e.g. the Avro files read with spark-avro).
-- Then scripts/hive/examples.sql runs unchanged.
-- Note: min_score follows Hive's rule (0.7 keeps a score of 0.7f), while Spark's own
-- WHERE score >= 0.7 compares a FLOAT with a DECIMAL as a DOUBLE and drops it; Spark's
-- WHERE score >= CAST(0.7 AS FLOAT) is what min_score does.

CREATE TEMPORARY FUNCTION explode_detections AS 'dev.argus.hive.ExplodeDetections'
  USING JAR '${argus_udtf_jar}';

CREATE TEMPORARY FUNCTION detection_pairs AS 'dev.argus.hive.DetectionPairs'
  USING JAR '${argus_udtf_jar}';
