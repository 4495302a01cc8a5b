#!/usr/bin/env bash
# Per-class NMS on 10,000 boxes x 80 classes: ours (previous algorithm and per-class buckets, NmsBenchmark
# --large) against torchvision's batched_nms (model-zoo/src/test/python/nms_torchvision.py) on the same
# inputs, which NmsBenchmark --write puts under model-zoo/target/nms-sets. The Java and Python runs
# alternate ROUNDS times, so that load on a shared box falls on both; compare medians within a round.
#
#   ROUNDS=3 PYTHON=python3 MVN="mvn -B -q" scripts/bench/nms-vs-torchvision.sh
#
# PYTHON must import torch and torchvision (Debian bookworm: apt-get install python3-torchvision).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}
PYTHON=${PYTHON:-python3}
MVN=${MVN:-mvn -B -q}
SETS=model-zoo/target/nms-sets
BENCH="-pl model-zoo test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.argus.zoo.bench.NmsBenchmark"

"$PYTHON" -c 'import torch, torchvision' || { echo "nms-vs-torchvision: $PYTHON cannot import torch and torchvision" >&2; exit 2; }
$MVN $BENCH -Dexec.args="--write $SETS"
for round in $(seq "$ROUNDS"); do
    echo "== round $round: ours"
    $MVN $BENCH -Dexec.args="--large"
    echo "== round $round: torchvision"
    "$PYTHON" model-zoo/src/test/python/nms_torchvision.py "$SETS" --seconds 20
done
