"""Times torchvision.ops.batched_nms on the inputs NmsBenchmark wrote, and checks its kept indices
against the ones our NonMaxSuppression wrote for the same sets.

    mvn -B -q -pl model-zoo test-compile exec:java -Dexec.classpathScope=test \
        -Dexec.mainClass=dev.argus.zoo.bench.NmsBenchmark -Dexec.args="--write model-zoo/target/nms-sets"
    python3 model-zoo/src/test/python/nms_torchvision.py model-zoo/target/nms-sets [--seconds 20]

Needs torch and torchvision (Debian bookworm: apt-get install python3-torchvision, 0.14.1). IoU 0.5,
no limit, as the Java side wrote them. One torch thread unless --threads says otherwise (our NMS runs
on one thread). Prints, per case, the median wall and thread-CPU ms per call (with one torch thread the work runs on
the calling thread) and how many sets agreed with ours: in the same order, in the same order once
equal scores are put in index order (torch's descending sort is not stable), as a set.
"""
import argparse
import collections
import pathlib
import statistics
import sys
import time

import numpy as np
import torch
import torchvision

ROW = np.dtype([("x1", "<f4"), ("y1", "<f4"), ("x2", "<f4"), ("y2", "<f4"), ("score", "<f4"), ("cls", "<i4")])
IOU = 0.5


def load(directory):
    cases = collections.defaultdict(list)
    for path in sorted(directory.glob("*.boxes"), key=lambda p: (p.stem.rsplit("-", 1)[0], int(p.stem.rsplit("-", 1)[1]))):
        rows = np.fromfile(path, dtype=ROW)
        boxes = torch.from_numpy(np.stack([rows["x1"], rows["y1"], rows["x2"], rows["y2"]], axis=1).copy())
        scores = torch.from_numpy(rows["score"].copy())
        classes = torch.from_numpy(rows["cls"].astype(np.int64))
        ours = np.fromfile(path.with_suffix(".kept"), dtype="<i4").astype(np.int64)
        cases[path.stem.rsplit("-", 1)[0]].append((boxes, scores, classes, ours))
    if not cases:
        sys.exit(f"no *.boxes files in {directory}: run NmsBenchmark --write {directory} first")
    return cases


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory", type=pathlib.Path)
    parser.add_argument("--seconds", type=float, default=20.0, help="timing per case")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    cases = load(args.directory)

    print(f"torch {torch.__version__} torchvision {torchvision.__version__} threads {torch.get_num_threads()}")
    print(f"{'case':<22} {'sets':>4} {'same order':>10} {'up to ties':>10} {'same set':>8} {'kept':>6} {'wall ms':>8} {'cpu ms':>8} {'calls':>6}")
    for name, sets in cases.items():
        same_order = same_up_to_ties = same_set = 0
        kept = []
        for boxes, scores, classes, ours in sets:
            theirs = torchvision.ops.batched_nms(boxes, scores, classes, IOU).numpy()
            kept.append(len(theirs))
            same_order += np.array_equal(theirs, ours)
            # torch's descending sort is not stable: equal scores may come in another order
            key = sorted(theirs.tolist(), key=lambda i: (-scores[i].item(), i))
            same_up_to_ties += key == ours.tolist()
            same_set += set(theirs.tolist()) == set(ours.tolist())
        for _ in range(3):  # warm-up
            for boxes, scores, classes, _ in sets:
                torchvision.ops.batched_nms(boxes, scores, classes, IOU)
        nanos = []
        cpu = []
        end = time.perf_counter() + args.seconds
        while time.perf_counter() < end:
            for boxes, scores, classes, _ in sets:
                c0 = time.thread_time_ns()
                t0 = time.perf_counter_ns()
                torchvision.ops.batched_nms(boxes, scores, classes, IOU)
                nanos.append(time.perf_counter_ns() - t0)
                cpu.append(time.thread_time_ns() - c0)
        print(f"{name:<22} {len(sets):>4} {same_order:>10} {same_up_to_ties:>10} {same_set:>8} {round(statistics.mean(kept)):>6} "
              f"{statistics.median(nanos) / 1e6:>8.2f} {statistics.median(cpu) / 1e6:>8.2f} {len(nanos):>6}")


if __name__ == "__main__":
    main()
