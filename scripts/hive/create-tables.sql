-- Argus tables over the HDFS layout (written by hdfs-layout and the MapReduce jobs).
--
-- Variables (beeline --hivevar name=value, or SET hivevar:name=value):
--   argus_root        the layout root, e.g. hdfs:///argus
--   argus_schema_url  where the .avsc files of hdfs-layout/src/main/avro are, e.g. hdfs:///argus/_schemas
--                     (copy them there once per release: the tables read their columns from them,
--                     so a field added to the contract appears in Hive without touching this DDL)
--
-- The tables are EXTERNAL: dropping one never deletes what the jobs wrote.
--
-- Partition columns cannot reuse the directory names of the layout: `detections` has a data column
-- `model` (a struct) and `errors` a data column `stage`, and Hive refuses a partition column named like
-- a data column. So the partitions are (model_name, model_version, dt) and (error_stage, dt, job), and
-- because those names differ from the directories (model=, version=, stage=) MSCK REPAIR cannot find
-- them: add-partitions.sql registers each one with an explicit LOCATION after a nightly run.

CREATE DATABASE IF NOT EXISTS argus
COMMENT 'Argus: images, detections and errors of the batch object detection pipeline';

-- One row per ingested image (<root>/shards/dt=YYYY-MM-DD/part-*.avro). Holds the image bytes:
-- select the columns you need, never SELECT *.
CREATE EXTERNAL TABLE IF NOT EXISTS argus.images
COMMENT 'Ingested images, one row per image; schema ImageRecord.avsc'
PARTITIONED BY (dt STRING COMMENT 'ingest day, YYYY-MM-DD')
STORED AS AVRO
LOCATION '${hivevar:argus_root}/shards'
TBLPROPERTIES ('avro.schema.url'='${hivevar:argus_schema_url}/ImageRecord.avsc');

-- One row per image and model run (<root>/detections/model=<name>/version=<v>/dt=YYYY-MM-DD/).
-- detections is array<struct<label,class_id,score,x1,y1,x2,y2>>: flatten it with explode_detections.
CREATE EXTERNAL TABLE IF NOT EXISTS argus.detections
COMMENT 'What each model found in each image; schema ImageDetections.avsc'
PARTITIONED BY (
  model_name STRING COMMENT 'model bundle name (directory model=)',
  model_version STRING COMMENT 'model bundle version (directory version=)',
  dt STRING COMMENT 'day of the run, YYYY-MM-DD')
STORED AS AVRO
LOCATION '${hivevar:argus_root}/detections'
TBLPROPERTIES ('avro.schema.url'='${hivevar:argus_schema_url}/ImageDetections.avsc');

-- One row per input a stage could not carry through (<root>/errors/stage=<stage>/dt=YYYY-MM-DD/job=<job>/).
CREATE EXTERNAL TABLE IF NOT EXISTS argus.errors
COMMENT 'Inputs lost by a stage, with the reason; schema ImageError.avsc'
PARTITIONED BY (
  error_stage STRING COMMENT 'ingest, decode or inference (directory stage=)',
  dt STRING COMMENT 'day of the run, YYYY-MM-DD',
  job STRING COMMENT 'ingest or detect-<model>-<version>')
STORED AS AVRO
LOCATION '${hivevar:argus_root}/errors'
TBLPROPERTIES ('avro.schema.url'='${hivevar:argus_schema_url}/ImageError.avsc');
