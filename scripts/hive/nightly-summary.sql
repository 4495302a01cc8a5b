-- The last step of the nightly run: what was found on one day, per model and class, with the day's
-- error counts beside it. Needs the functions of create-functions.sql.
--
-- Variables:
--   dt   the day, YYYY-MM-DD
--
-- beeline -u "$JDBC" --hivevar dt=2026-11-26 -f nightly-summary.sql

SELECT d.model_name, d.model_version, x.label,
       count(*)                       AS objects,
       count(DISTINCT d.image_id)     AS images,
       round(avg(x.score), 3)         AS mean_score
FROM argus.detections d
LATERAL VIEW argus.explode_detections(d.detections, 0.5) x
WHERE d.dt = '${hivevar:dt}'
GROUP BY d.model_name, d.model_version, x.label
ORDER BY d.model_name, d.model_version, objects DESC;

SELECT error_stage, error_class, count(*) AS inputs
FROM argus.errors
WHERE dt = '${hivevar:dt}'
GROUP BY error_stage, error_class
ORDER BY inputs DESC;
