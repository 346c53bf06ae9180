#!/usr/bin/env python3
"""Where a run leaves a core idle: a perf profile cut into time windows.

    perf record -F 4999 -g -o perf.data .build/release/mujun run Pipelines/zhejiang.json5 --data .bench/1M --out /tmp/o
    python3 Scripts/timeline.py perf.data [--hz 4999] [--cores 2] [--window-ms 10] [--from S] [--to S] [--busy 0.75]

Prints each window (seconds from the first sample) in which fewer than `--busy` of the cores'
possible samples were taken, with its busiest mujun functions (the innermost frame of MujunCore
that is not the thread pool), then the utilization of the whole span. A window with about one
core's samples is one thread working while the other waits; samples the host takes away from a
runnable vCPU are missing too, evenly, so compare windows, not single ones.
"""
import argparse
import collections
import re
import subprocess


def samples(path):
    out = subprocess.run(["perf", "script", "-i", path, "-F", "time,tid,ip,sym"],
                         capture_output=True, text=True, check=True).stdout
    for block in out.split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        head = re.match(r"\s*(\d+)\s+([\d.]+):", lines[0])
        if not head:
            continue
        frames = [line.split(None, 1)[1] if len(line.split(None, 1)) > 1 else "?" for line in lines[1:]]
        own = [f for f in frames if "MujunCore" in f and "Parallel" not in f and "WorkPool" not in f]
        yield float(head.group(2)), int(head.group(1)), (own[0] if own else frames[0] if frames else "?")[:90]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data")
    parser.add_argument("--hz", type=float, default=4999)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--window-ms", type=float, default=10)
    parser.add_argument("--from", dest="start", type=float, default=0)
    parser.add_argument("--to", dest="end", type=float, default=float("inf"))
    parser.add_argument("--busy", type=float, default=0.75)
    args = parser.parse_args()

    taken = list(samples(args.data))
    if not taken:
        print("no samples")
        return
    t0 = min(t for t, _, _ in taken)
    window = args.window_ms / 1000
    windows = collections.defaultdict(list)
    for t, tid, function in taken:
        since = t - t0
        if args.start <= since < args.end:
            windows[int(since / window)].append((tid, function))
    possible = args.hz * args.cores * window
    first, last = min(windows), max(windows)
    idle = 0
    for k in range(first, last + 1):
        w = windows.get(k, [])
        if len(w) < args.busy * possible:
            idle += 1
            top = collections.Counter(f for _, f in w).most_common(2)
            print(f"{k * window:7.2f} s  {len(w):4d} samples  {len(set(tid for tid, _ in w))} threads  {top}")
    total = sum(len(w) for w in windows.values())
    span = (last - first + 1)
    print(f"{idle} of {span} windows below {args.busy:.0%}; utilization {total / (span * possible):.2f}")


if __name__ == "__main__":
    main()
