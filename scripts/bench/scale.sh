#!/usr/bin/env bash
# The scale benchmark: ingest -> detect -> stats -> evaluate of N synthetic camera JPEGs on the
# LocalJobRunner, each stage in a JVM of its own (CPU seconds and peak RSS per stage, one core), plus
# detect sliced on the same shards. Prints one table (also written to WORK/scale-nN.txt). The images
# are cached under WORK/cache by (N, seed), so a rerun skips generating them.
#
#   scripts/bench/scale.sh --images 1000 --work /data/argus-scale
#   scripts/bench/scale.sh --images 10000 --work /data/argus-scale --sliced-max 1000
#   scripts/bench/scale.sh --images 1000 --work /data/argus-scale --centernet models/bundles/centernet/1
#
# Options: --images N, --seed S (1), --work DIR, --slice SIZE/OVERLAP (256/0.2), --sliced-max N (1000:
# the sliced row only up to N images), --bundle DIR (model-zoo/bundles/shapes-centernet-fpn/1),
# --centernet DIR and --centernet-max N (1000), --heap (1g). Needs GNU time (/usr/bin/time, Debian's `time`).
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
module="$top/mapreduce-jobs"
[[ -x /usr/bin/time ]] || { echo "scale.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }
cd "$module"
mvn -B -q -o -Dargus.skipFetch=true test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/scale.classpath
args=()
for a in "$@"; do
  # paths given relative to where the script was called from
  if [[ -e "$OLDPWD/$a" && "$a" != /* ]]; then args+=("$OLDPWD/$a"); else args+=("$a"); fi
done
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/scale.classpath)" \
  dev.argus.jobs.scale.ScaleBenchmark "${args[@]}"
