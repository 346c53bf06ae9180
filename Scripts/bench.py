#!/usr/bin/env python3
"""make bench: throughput and peak memory of `mujun run` on generated 100k and 1M zones.

Generates each dataset once into .bench/ (git-ignored), runs the release binary with the default
pipeline, and prints input size, wall time, MB/s, rows/s, the child's peak RSS (getrusage), the
per-stage times from the run's manifest, and the floor: `cat` and `wc -l` over the same bytes.
Each set is run BENCH_RUNS times (default 3): the table shows the run with the median wall time
and the highest peak RSS of them all, and a line per set lists every run (a VM's speed swings by
±10 % from one run to the next, more than most changes move it).
It never fails the build: problems are printed and the table goes on.
"""
import json, os, resource, shutil, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build/release/mujun")
PIPELINE = os.path.join(ROOT, "Pipelines/zhejiang.json5")
SIZES = [("100k", 100_000), ("1M", 1_000_000)]
RUNS = max(1, int(os.environ.get("BENCH_RUNS", "3")))
if os.environ.get("BENCH_SIZES"):
    SIZES = [s for s in SIZES if s[0] in os.environ["BENCH_SIZES"].split(",")]


def measure(cmd):
    """Runs cmd in a fresh Python child so its getrusage sees only that run."""
    code = (
        "import resource,subprocess,sys,time,json;s=time.perf_counter();"
        "p=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE,errors='replace',text=True);"
        "print(json.dumps({'s':time.perf_counter()-s,'rss':resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024,"
        "'rc':p.returncode,'err':p.stderr[-2000:]}))"
    )
    out = subprocess.run([sys.executable, "-c", code] + cmd, capture_output=True, text=True)
    return json.loads(out.stdout)


def main():
    if not os.path.exists(BIN):
        print("build first: swift build -c release"); return
    rows_out = []
    for name, n in SIZES:
        data = os.path.join(ROOT, ".bench", name)
        if not os.path.exists(os.path.join(data, "history.csv")):
            print(f"generating {name} ({n} enterprises) into {data} …", flush=True)
            subprocess.run([BIN, "sample", "--enterprises", str(n), "--seed", "1", "--year", "2024", "--out", data], check=False)
        files = sorted(os.path.join(data, f) for f in os.listdir(data) if f.endswith(".csv"))
        size = sum(os.path.getsize(f) for f in files)
        out = os.path.join(ROOT, ".bench", "out-" + name)
        runs = []
        for _ in range(RUNS):
            shutil.rmtree(out, ignore_errors=True)
            # Let that deletion settle before anything is measured: the disk here is mounted with
            # online discard, and a deletion's discards otherwise land in the measured run's fsyncs
            # (~0.5 s of the report at 1M). A nightly run's own pruning comes after it publishes.
            os.sync()
            time.sleep(3)
            # Warm the page cache so every number below reads from memory, as the floor does.
            subprocess.run(["cat"] + files, stdout=subprocess.DEVNULL)
            cat = measure(["cat"] + files)
            wc = measure(["wc", "-l"] + files)
            run = measure([BIN, "run", PIPELINE, "--data", data, "--out", out])
            if run["rc"] != 0:
                print(f"{name}: mujun exited {run['rc']}: {run['err']}")
                break
            manifest = json.load(open(os.path.join(out, "latest", "manifest.json")))
            run["rows"] = sum(f.get("rows_read", 0) for f in manifest["inputs"])
            run["stages"] = {s["name"]: float(s["ms"]) for s in manifest["stages"]}
            runs.append((run, cat, wc))
        if len(runs) < RUNS:
            continue
        run, cat, wc = sorted(runs, key=lambda r: r[0]["s"])[len(runs) // 2]
        run = dict(run, rss=max(r[0]["rss"] for r in runs))
        rows_out.append((name, size, run["rows"], run, cat, wc, run["stages"], [r[0] for r in runs]))
    print()
    print(f"{'set':>5} {'input MB':>9} {'rows':>11} {'wall s':>7} {'MB/s':>7} {'Mrows/s':>8} {'peak RSS MB':>11} {'cat s':>6} {'wc -l s':>7}")
    for name, size, rows, run, cat, wc, _, _ in rows_out:
        print(f"{name:>5} {size/1e6:9.1f} {rows:11d} {run['s']:7.2f} {size/1e6/run['s']:7.1f} {rows/1e6/run['s']:8.2f} {run['rss']:11.0f} {cat['s']:6.2f} {wc['s']:7.2f}")
    print()
    for name, _, _, _, _, _, stages, runs in rows_out:
        walls = ", ".join(f"{r['s']:.2f}" for r in runs)
        rss = ", ".join(f"{r['rss']:.0f}" for r in runs)
        print(f"{name} runs in order: wall s {walls}; peak RSS MB {rss} (the table: median wall, highest RSS)")
        print(f"{name} stages of the median run (ms): " + "  ".join(f"{k} {v:.0f}" for k, v in stages.items()))


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # never fail the build
        print(f"bench: {e}")
