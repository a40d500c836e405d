#!/usr/bin/python3
"""Joins the per-sample lines that Workloads (--tsv) and compare_pytorch.py (--tsv) appended to one
file over several alternating rounds into the issue's table: samples pooled per framework and
workload, WORKLOADS.md's noise filter applied (samples with > 10 % foreign load dropped when at
least 5 clean ones remain), medians compared.

    /usr/bin/python3 kiln-bench/scripts/compare_table.py SAMPLES.tsv

Columns: median ms per step for Kiln and PyTorch, "speed-up" = PyTorch time / Kiln time (> 1:
Kiln is faster), GB/s for W5 rows, and each GB/s as a share of Kiln's System.arraycopy bandwidth
measured in the same rounds.
"""
import statistics
import sys
from collections import defaultdict

N = 1 << 24
BYTES = {"w5_arraycopy": 8 * N, "w5_copy": 8 * N, "w5_relu_prealloc": 16 * N,
         "w5_relu_fused_alloc": 16 * N, "w5_relu_alloc": 16 * N, "w5_sum": 4 * N}
ORDER = ["w2_train_b128", "w2_infer_b1", "w2_infer_b128", "w3_train_b64", "w4_fwd_bwd",
         "w5_relu_prealloc", "w5_relu_fused_alloc", "w5_relu_alloc", "w5_sum", "w5_arraycopy",
         "w5_copy"]


def median_of(samples):
    """Returns (median seconds, flagged) after the noise filter."""
    clean = [s for s, f in samples if f <= 0.10]
    if len(clean) >= 5:
        return statistics.median(clean), False
    return statistics.median(s for s, _ in samples), True


def main(path):
    pooled = defaultdict(list)
    with open(path) as f:
        for line in f:
            fw, wid, sec, foreign = line.split("\t")
            pooled[(fw, wid)].append((float(sec), float(foreign)))
    times = {key: median_of(v) for key, v in pooled.items()}
    copy = times.get(("kiln", "w5_arraycopy"))
    copy_gbs = BYTES["w5_arraycopy"] / copy[0] / 1e9 if copy else None
    print(f"{'workload':20s} {'Kiln ms':>10s} {'PyTorch ms':>10s} {'speed-up':>9s} "
          f"{'Kiln GB/s':>9s} {'PT GB/s':>9s} {'Kiln/copy':>9s} {'PT/copy':>9s}")
    ids = [w for w in ORDER if any((fw, w) in times for fw in ("kiln", "pytorch"))]
    for wid in ids:
        k = times.get(("kiln", wid))
        p = times.get(("pytorch", wid))
        cells = [f"{k[0] * 1e3:10.4f}" if k else f"{'-':>10s}",
                 f"{p[0] * 1e3:10.4f}" if p else f"{'-':>10s}",
                 f"{p[0] / k[0]:9.2f}" if k and p else f"{'':9s}"]
        for t in (k, p):
            cells.append(f"{BYTES[wid] / t[0] / 1e9:9.1f}" if t and wid in BYTES else f"{'':9s}")
        for t in (k, p):
            ok = t and wid in BYTES and copy_gbs
            cells.append(f"{BYTES[wid] / t[0] / 1e9 / copy_gbs:9.2f}" if ok else f"{'':9s}")
        noisy = [fw for fw, t in (("Kiln", k), ("PyTorch", p)) if t and t[1]]
        print(f"{wid:20s} " + " ".join(cells) + (f"  (noisy: {', '.join(noisy)})" if noisy else ""))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: compare_table.py SAMPLES.tsv")
    main(sys.argv[1])
