-- Installs the Argus UDTFs for everyone on a cluster, once per release.
-- The jar is hive-udtf-<version>.jar; it needs nothing but Hive at run time. Copy it to HDFS first:
--   hdfs dfs -put hive-udtf-0.1.0-SNAPSHOT.jar hdfs:///argus/_lib/
--
-- Variables:
--   argus_udtf_jar   the jar's URI, e.g. hdfs:///argus/_lib/hive-udtf-0.1.0-SNAPSHOT.jar
--
-- After this, any session can call argus.explode_detections(...) and argus.detection_pairs(...)
-- (or the bare names after USE argus). To upgrade: DROP FUNCTION, then run this again.

CREATE DATABASE IF NOT EXISTS argus;

CREATE FUNCTION argus.explode_detections AS 'dev.argus.hive.ExplodeDetections'
  USING JAR '${hivevar:argus_udtf_jar}';

CREATE FUNCTION argus.detection_pairs AS 'dev.argus.hive.DetectionPairs'
  USING JAR '${hivevar:argus_udtf_jar}';
