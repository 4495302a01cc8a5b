#!/usr/bin/env bash
# Runs Argus for one date on a real Hadoop cluster with `hadoop jar`: ingest -> detect -> stats.
# (Nightly scheduling of the same DAG, with the Hive steps: scripts/oozie/.)
#
#   scripts/submit.sh --date 2026-11-26 --input hdfs:///raw/2026-11-26 --root hdfs:///argus \
#                     [--model centernet:1] [--gpus 1] [--queue default]
#
# The model bundle must be published first, once per version:
#   hdfs dfs -mkdir -p /argus/models/centernet && hdfs dfs -put models/bundles/centernet/1 /argus/models/centernet/
#
# Settings a user tunes, with the reasoning (see also README.md, "On a cluster"):
#   ARGUS_MAP_VCORES   cores per detect map task (default 4). ND4J runs this many OpenMP threads per
#                      task, so N tasks per node never oversubscribe the node's cores.
#   ARGUS_MAP_HEAP_MB  Java heap of a detect task (default 1536): only Hadoop, Avro and image decoding
#                      live there.
#   ARGUS_MAP_NATIVE_MB  ND4J's off-heap arena (default 3072): weights, activations and workspaces of
#                      the network live outside the Java heap. The container is sized heap + native + 512
#                      MiB of JVM overhead, or YARN kills it for exceeding its memory.
#   ARGUS_BATCH        images per forward pass (default: argus detect's own; larger on GPUs).
#   ARGUS_PRECISION    fp32 (default) or fp16 on GPU nodes; CPU nodes refuse fp16 with the reason.
#   --gpus N           yarn.io/gpu per detect map task. Needs GPU scheduling on the cluster
#                      (resource-types.xml with yarn.io/gpu, the NodeManager GPU plugin) and the job jar
#                      built with `mvn -Pgpu package` (ND4J's CUDA backend instead of the CPU one).
set -euo pipefail

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${ARGUS_JOB_JAR:-$top/mapreduce-jobs/target/argus-job.jar}"
date="" input="" root="" model="centernet:1" gpus=0 queue="default"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --date) date="$2"; shift 2 ;;
    --input) input="$2"; shift 2 ;;
    --root) root="$2"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --gpus) gpus="$2"; shift 2 ;;
    --queue) queue="$2"; shift 2 ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "submit.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for required in date input root; do
  [[ -n "${!required}" ]] || { echo "submit.sh: --$required is required (see --help)" >&2; exit 2; }
done
[[ -f "$jar" ]] || { echo "submit.sh: $jar not found; build it with: mvn -DskipTests package" >&2; exit 2; }
command -v hadoop >/dev/null || { echo "submit.sh: 'hadoop' is not on the PATH (run this on a cluster gateway)" >&2; exit 2; }

vcores="${ARGUS_MAP_VCORES:-4}"
heap="${ARGUS_MAP_HEAP_MB:-1536}"
native="${ARGUS_MAP_NATIVE_MB:-3072}"
container=$((heap + native + 512))
# Only ask for GPUs when wanted: a cluster without the yarn.io/gpu resource type refuses the key itself.
gpu_request=()
[[ "$gpus" != 0 ]] && gpu_request=(-D "mapreduce.map.resource.yarn.io/gpu=$gpus")

set -x
hadoop jar "$jar" ingest -D mapreduce.job.queuename="$queue" \
  --input "$input" --root "$root" --date "$date"

hadoop jar "$jar" detect -D mapreduce.job.queuename="$queue" \
  -D mapreduce.map.cpu.vcores="$vcores" \
  -D mapreduce.map.memory.mb="$container" \
  -D mapreduce.map.java.opts="-Xmx${heap}m -Dorg.bytedeco.javacpp.maxbytes=${native}m -Dorg.bytedeco.javacpp.maxphysicalbytes=$((heap + native))m" \
  "${gpu_request[@]}" \
  --root "$root" --date "$date" --model "$model" ${ARGUS_BATCH:+--batch-size "$ARGUS_BATCH"} \
  --precision "${ARGUS_PRECISION:-fp32}"

hadoop jar "$jar" stats -D mapreduce.job.queuename="$queue" \
  --root "$root" --date "$date" --model "$model"
