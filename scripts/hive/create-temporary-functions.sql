-- The Argus UDTFs for this session only: to try a new build without touching the cluster's functions.
--   ADD JAR /path/to/hive-udtf-0.1.0-SNAPSHOT.jar;   (or hdfs:///..., before running this file)
-- Then: DESCRIBE FUNCTION EXTENDED explode_detections;

CREATE TEMPORARY FUNCTION explode_detections AS 'dev.argus.hive.ExplodeDetections';

CREATE TEMPORARY FUNCTION detection_pairs AS 'dev.argus.hive.DetectionPairs';
