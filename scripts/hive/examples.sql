-- Example analyses over the Argus tables. Each query is named (-- name: ...) and run by the
-- hive-udtf tests on a real embedded Hive, so these stay correct.
-- Needs the tables (create-tables.sql) and the functions (create-functions.sql or
-- create-temporary-functions.sql). Change the score thresholds to taste; 0.5 is a common start.

-- name: objects_per_class_per_day
-- How many objects of each class each model saw per day.
SELECT d.dt, d.model_name, d.model_version, e.label, count(*) AS objects
FROM argus.detections d
LATERAL VIEW explode_detections(d.detections, 0.5) e
GROUP BY d.dt, d.model_name, d.model_version, e.label
ORDER BY d.dt, d.model_name, d.model_version, objects DESC, e.label;

-- name: images_with_most_people
-- The ten images in which one model saw the most people (the label filter runs inside the UDTF:
-- no row is built for other labels). Counting across models would count a person once per model.
SELECT d.image_id, d.source_uri, count(*) AS people
FROM argus.detections d
LATERAL VIEW explode_detections(d.detections, 0.5, array('person')) e
WHERE d.model_name = 'centernet'
GROUP BY d.image_id, d.source_uri
ORDER BY people DESC, d.image_id
LIMIT 10;

-- name: detections_per_image
-- Detections per image of one model run, keeping the images where nothing was found
-- (OUTER gives them one row of NULLs, which count() skips).
SELECT d.image_id, count(e.pos) AS objects
FROM argus.detections d
LATERAL VIEW OUTER explode_detections(d.detections, 0.5) e
WHERE d.model_name = 'centernet' AND d.model_version = '1' AND d.dt = '2024-05-01'
GROUP BY d.image_id
ORDER BY objects DESC, d.image_id;

-- name: class_cooccurrence
-- Which classes are seen together in one image, and in how many images.
SELECT least(p.label_a, p.label_b) AS class_1, greatest(p.label_a, p.label_b) AS class_2,
       count(DISTINCT d.image_id) AS images
FROM argus.detections d
LATERAL VIEW detection_pairs(d.detections, 0.5) p
WHERE p.label_a <> p.label_b
GROUP BY least(p.label_a, p.label_b), greatest(p.label_a, p.label_b)
ORDER BY images DESC, class_1, class_2;

-- name: people_near_forklifts
-- Images with a person within 150 px (centre to centre) of a forklift, or overlapping one.
SELECT d.image_id, d.source_uri, min(p.center_distance) AS closest_px, max(p.iou) AS max_iou
FROM argus.detections d
LATERAL VIEW detection_pairs(d.detections, 0.5) p
WHERE ((p.label_a = 'person' AND p.label_b = 'forklift') OR (p.label_a = 'forklift' AND p.label_b = 'person'))
  AND (p.center_distance < 150 OR p.iou > 0)
GROUP BY d.image_id, d.source_uri
ORDER BY closest_px, d.image_id;

-- name: small_object_share
-- Share of small objects (COCO: area < 32x32 px) per model version: where a new model helps.
SELECT d.model_name, d.model_version, count(*) AS objects,
       sum(CASE WHEN e.size_class = 'small' THEN 1 ELSE 0 END) AS small_objects,
       round(sum(CASE WHEN e.size_class = 'small' THEN 1 ELSE 0 END) / count(*), 4) AS small_share
FROM argus.detections d
LATERAL VIEW explode_detections(d.detections, 0.5) e
GROUP BY d.model_name, d.model_version
ORDER BY d.model_name, d.model_version;

-- name: error_rates_by_stage
-- Inputs lost per stage and day, as a share of that day's inputs (ingested images plus ingest failures).
WITH ingested AS (
  SELECT dt, count(*) AS images FROM argus.images GROUP BY dt
), lost AS (
  SELECT dt, error_stage, count(*) AS errors FROM argus.errors GROUP BY dt, error_stage
), lost_at_ingest AS (
  SELECT dt, sum(CASE WHEN error_stage = 'ingest' THEN errors ELSE 0 END) AS errors FROM lost GROUP BY dt
)
SELECT l.dt, l.error_stage, l.errors,
       round(l.errors / (coalesce(i.images, 0) + a.errors), 4) AS error_rate
FROM lost l
JOIN lost_at_ingest a ON a.dt = l.dt
LEFT JOIN ingested i ON i.dt = l.dt
ORDER BY l.dt, l.error_stage;
