#!/usr/bin/env bash
# Peak RSS of `argus detect` against the memory bound scripts/argus derives, over several runs of
# the same date (issue: one 315-image detect peaked anywhere from 4.4 to 11.4 GB without bounds).
#
#   scripts/bench/detect-rss-soak.sh --root R --date D --model NAME[:VERSION] [--runs 5]
#
# The date must be ingested and the model published under R already (scripts/quickstart.sh leaves
# both). Prints one row per run: wall seconds, peak RSS (GNU time's maximum resident set size), the
# maxphysicalbytes bound of that run, and whether the peak stayed within it. Exits 1 if any did not.
# ARGUS_MEMORY_MB / ARGUS_JAVA_OPTS change the bound as for scripts/argus.
set -euo pipefail

top="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs=5
args=()
while (($#)); do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
[[ -x /usr/bin/time ]] || { echo "detect-rss-soak: needs GNU time at /usr/bin/time" >&2; exit 2; }

bound_mb="$(ARGUS_PRINT_MEMORY=1 "$top/scripts/argus" | sed -n 's/.*maxphysicalbytes=\([0-9]*\)m.*/\1/p')"
# an explicit bound in ARGUS_JAVA_OPTS wins, as in scripts/argus
if [[ "${ARGUS_JAVA_OPTS:-}" =~ maxphysicalbytes=([0-9]+)([mMgG]) ]]; then
  bound_mb="${BASH_REMATCH[1]}"
  [[ "${BASH_REMATCH[2]}" =~ [gG] ]] && bound_mb=$((bound_mb * 1024))
fi

printf '%4s %8s %14s %10s %s\n' run wall_s peak_rss_mib bound_mib within
failed=0
for ((i = 1; i <= runs; i++)); do
  stats="$(mktemp)"
  /usr/bin/time -o "$stats" -f '%M %e' "$top/scripts/argus" detect "${args[@]}" >/dev/null 2>&1 || {
    echo "run $i: argus detect failed (rerun it by hand to see why)" >&2; rm -f "$stats"; exit 1; }
  read -r rss_kb wall < <(tail -n 1 "$stats")
  rm -f "$stats"
  peak_mb=$((rss_kb / 1024))
  within=yes
  ((peak_mb <= bound_mb)) || { within=NO; failed=1; }
  printf '%4d %8s %14d %10d %s\n' "$i" "$wall" "$peak_mb" "$bound_mb" "$within"
done
exit "$failed"
