-- Registers the partitions of one nightly run, once its directories have their _SUCCESS marker.
-- Safe to run twice (IF NOT EXISTS). See create-tables.sql for why this is not MSCK REPAIR.
--
-- Variables:
--   argus_root      the layout root, as for create-tables.sql
--   dt              the day, YYYY-MM-DD
--   model_name      the model bundle the detect job ran, e.g. centernet
--   model_version   its version, e.g. 1
--
-- beeline -u "$JDBC" --hivevar argus_root=hdfs:///argus --hivevar dt=2024-05-01 \
--         --hivevar model_name=centernet --hivevar model_version=1 -f add-partitions.sql

ALTER TABLE argus.images ADD IF NOT EXISTS
  PARTITION (dt='${hivevar:dt}')
  LOCATION '${hivevar:argus_root}/shards/dt=${hivevar:dt}';

ALTER TABLE argus.detections ADD IF NOT EXISTS
  PARTITION (model_name='${hivevar:model_name}', model_version='${hivevar:model_version}', dt='${hivevar:dt}')
  LOCATION '${hivevar:argus_root}/detections/model=${hivevar:model_name}/version=${hivevar:model_version}/dt=${hivevar:dt}';

-- Ingest loses inputs at the ingest stage; the detect job at decode and at inference.
ALTER TABLE argus.errors ADD IF NOT EXISTS
  PARTITION (error_stage='ingest', dt='${hivevar:dt}', job='ingest')
  LOCATION '${hivevar:argus_root}/errors/stage=ingest/dt=${hivevar:dt}/job=ingest';

ALTER TABLE argus.errors ADD IF NOT EXISTS
  PARTITION (error_stage='decode', dt='${hivevar:dt}', job='detect-${hivevar:model_name}-${hivevar:model_version}')
  LOCATION '${hivevar:argus_root}/errors/stage=decode/dt=${hivevar:dt}/job=detect-${hivevar:model_name}-${hivevar:model_version}';

ALTER TABLE argus.errors ADD IF NOT EXISTS
  PARTITION (error_stage='inference', dt='${hivevar:dt}', job='detect-${hivevar:model_name}-${hivevar:model_version}')
  LOCATION '${hivevar:argus_root}/errors/stage=inference/dt=${hivevar:dt}/job=detect-${hivevar:model_name}-${hivevar:model_version}';
