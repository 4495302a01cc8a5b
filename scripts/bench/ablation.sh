#!/usr/bin/env bash
# The SPP/FPN ablation (model-zoo's dev.argus.zoo.train.AblationStudy): every head given x SPP on/off x
# FPN on/off, each trained from scratch to the same budget, evaluated on held-out synthetic images every
# K iterations and at the end; one markdown row per variant appended to OUT/ablation.md as it finishes.
# Rerun with the same --out to resume: finished rows are skipped, an unfinished one goes on from its last
# evaluated checkpoint. Prints the whole table and, per head, the best variant and whether it converged.
#
#   scripts/bench/ablation.sh --out /data/ablation                       # 16 rows, 400 iterations each
#   scripts/bench/ablation.sh --out /data/ablation --heads yolo,centernet --iterations 400 --eval-every 100
#
# Options: --out DIR (required), --heads (yolo,yolo2,centernet,detr), --iterations N (400), --input-size
# (128), --batch-size (16), --lr (0.001), --warmup (100), --eval-every K (N/4), --heldout (200),
# --heldout-seed (20240501), --data-seed (1), --score-threshold (0.01), --converged-gain (0.02),
# --detr-backbones STUDY_DIR (DETR rows start from that study's CenterNet row of their variant, as the
# shipped DETR-lite starts from a CenterNet backbone; without it they train from scratch), --half-budget
# STUDY_DIR (a finished study of the same settings at half the iterations: the summary also says per head
# whether that budget had converged, its best variant trained to twice the budget here gaining < 0.02).
#
#   scripts/bench/ablation.sh converged --out DIR [--heads ...] [--start-iterations 4000] [--max-iterations 64000] ...
# runs dev.argus.zoo.train.ConvergedAblation instead: per head, the four variants at a budget and the best
# one at twice it, doubling the budget until that gains < --converged-gain AP50; one study per head and
# budget in DIR/<head>/<iterations>/ (resumable as above), the summary printed and written to DIR/converged.md.
# It takes the options above but those it sets per study (--iterations, --eval-every, --spp, --fpn,
# --half-budget, --detr-backbones).
# One OpenMP thread unless OMP_NUM_THREADS says otherwise (the rows' minutes are then comparable, and two
# studies can share a 2-core box); run it under nice on a shared machine.
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
module="$top/model-zoo"
main=dev.argus.zoo.train.AblationStudy
if [[ "${1:-}" == converged ]]; then main=dev.argus.zoo.train.ConvergedAblation; shift; fi
args=()
prev=""
for a in "$@"; do
  # directories given relative to where the script was called from
  if [[ "$prev" =~ ^--(out|detr-backbones|half-budget)$ && "$a" != /* ]]; then args+=("$PWD/$a"); else args+=("$a"); fi
  prev="$a"
done
cd "$module"
mvn -B -q -o -Dargus.skipFetch=true test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/ablation.classpath
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
exec java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/ablation.classpath)" \
  "$main" "${args[@]}"
