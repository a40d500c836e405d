#!/usr/bin/python3
"""PyTorch side of the issue table: WORKLOADS.md W2-W5 with the same data and protocol as Kiln's
dev.kiln.bench.workloads.Workloads (warm-up rule, reps, samples, /proc/stat noise filter, median).

Run with Debian's PyTorch (2 threads, as the contract says):

    /usr/bin/python3 kiln-bench/scripts/compare_pytorch.py [--samples 6] [--only REGEX] [--tsv FILE]

Workload ids match the Java harness. W5's "prealloc" row is PyTorch's best preallocated form,
torch.mul(a, b, out=y); y.add_(c); y.relu_() (three passes: PyTorch has no fused kernel for it);
"alloc" is torch.relu(a * b + c); "copy" is y.copy_(a) (8n bytes), PyTorch's copy yardstick.
"""
import argparse
import math
import re
import statistics
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

N = 1 << 24
NOISE_LIMIT = 0.10
MIN_CLEAN = 5


# ---- reference data (WORKLOADS.md) ----

def u(n, seed):
    i = np.arange(n, dtype=np.uint64)
    v = (i * np.uint64(2654435761) + np.uint64(seed * 40503)) & np.uint64(0xFFFFFFFF)
    return v.astype(np.float64) / 2.0 ** 32


def fill(shape, seed, lo, hi):
    """lo + (hi - lo) * (float) u(i, seed), computed in float32 as the Java harness does."""
    n = int(np.prod(shape))
    lo32 = np.float32(lo)
    rng = np.float32(np.float32(hi) - lo32)
    x = lo32 + rng * u(n, seed).astype(np.float32)
    return torch.from_numpy(x.astype(np.float32).reshape(shape))


def weight(shape, seed):
    fan_in = int(np.prod(shape[1:]))
    bound = 1 / math.sqrt(fan_in)
    return fill(shape, seed, -bound, bound)


def set_weights(module, seeds):
    with torch.no_grad():
        for name, p in module.named_parameters():
            if name in seeds:
                p.copy_(weight(tuple(p.shape), seeds[name]))
            elif re.fullmatch(r".*norm\d\.weight", name):
                p.fill_(1)
            else:
                p.zero_()


def labels(n):
    return torch.arange(n) % 10


# ---- protocol ----

def machine_load():
    try:
        with open("/proc/stat") as f:
            cpu = [int(v) for v in f.readline().split()[1:9]]
        with open("/proc/self/stat") as f:
            s = f.read()
        fields = s[s.rindex(")") + 2:].split()
        own = int(fields[11]) + int(fields[12])
        busy = sum(cpu) - cpu[3] - cpu[4]
        return busy, sum(cpu), own
    except (OSError, ValueError, IndexError):
        return 0, 0, 0


def foreign_since(before, after):
    capacity = after[1] - before[1]
    if capacity <= 0:
        return 0.0
    return max(0.0, ((after[0] - before[0]) - (after[2] - before[2])) / capacity)


def warm_up(step):
    times = []
    start = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        step()
        t1 = time.perf_counter()
        times.append(t1 - t0)
        elapsed = t1 - start
        n = len(times)
        if elapsed >= 8 and n >= 2:
            break
        if elapsed >= 1 and n >= 6:
            last = statistics.median(times[-3:])
            before = statistics.median(times[-6:-3])
            if abs(last - before) <= 0.05 * before:
                break
    return max(1, math.ceil(0.05 / max(statistics.median(times[-3:]), 1e-9)))


def sample(step, reps, count):
    out = []
    for _ in range(count):
        before = machine_load()
        t0 = time.perf_counter()
        for _ in range(reps):
            step()
        t1 = time.perf_counter()
        out.append(((t1 - t0) / reps, foreign_since(before, machine_load())))
    return out


def keep(samples):
    """The noise filter: (kept seconds, flagged)."""
    clean = [s for s, f in samples if f <= NOISE_LIMIT]
    if len(clean) >= MIN_CLEAN:
        return clean, False
    return [s for s, _ in samples], True


# ---- workloads ----

def w5():
    a = fill((N,), 11, -1, 1)
    b = fill((N,), 12, -1, 1)
    c = fill((N,), 13, -1, 1)
    y = torch.empty(N)

    def prealloc():
        torch.mul(a, b, out=y)
        y.add_(c)
        y.relu_()

    prealloc()
    ref = torch.relu(a.double() * b.double() + c.double())
    assert torch.allclose(y.double(), ref, atol=1e-6), "W5 relu(a*b+c) check failed"
    return [
        ("w5_copy", lambda: y.copy_(a), 0, 8 * N),
        ("w5_relu_prealloc", prealloc, 0, 16 * N),
        ("w5_relu_alloc", lambda: torch.relu(a * b + c), 0, 16 * N),
        ("w5_sum", lambda: a.sum().item(), 0, 4 * N),
    ]


def check(what, want, got, atol):
    print(f"check {what:20s} {got:12.7f} (documented {want:12.7f})")
    if not abs(got - want) <= atol:
        raise SystemExit(f"{what}: expected {want} but got {got}")


def w2():
    mlp = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(),
                        nn.Linear(512, 10))
    set_weights(mlp, {"0.weight": 100, "2.weight": 102, "4.weight": 104})
    x = fill((128, 784), 3, 0, 1)
    y = labels(128)
    x1 = fill((1, 784), 4, 0, 1)
    x128 = fill((128, 784), 4, 0, 1)
    with torch.no_grad():
        logits = mlp(x1)[0]
        for i, want in enumerate([-0.0220157, 0.0178936, -0.0064912]):
            check(f"W2 logits(x1)[{i}]", want, logits[i].item(), 1e-6)
        check("W2 initial loss", 2.302644, F.cross_entropy(mlp(x), y).item(), 1e-5)
    sgd = torch.optim.SGD(mlp.parameters(), lr=0.01)

    def train():
        sgd.zero_grad()
        F.cross_entropy(mlp(x), y).backward()
        sgd.step()

    def infer(inp):
        def run():
            with torch.no_grad():
                mlp(inp)
        return run

    return [("w2_train_b128", train, 128, 0), ("w2_infer_b1", infer(x1), 1, 0),
            ("w2_infer_b128", infer(x128), 128, 0)]


def w3():
    cnn = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                        nn.Linear(3136, 128), nn.ReLU(), nn.Linear(128, 10))
    set_weights(cnn, {"0.weight": 300, "3.weight": 302, "7.weight": 304, "9.weight": 306})
    x = fill((64, 1, 28, 28), 6, 0, 1)
    y = labels(64)
    with torch.no_grad():
        check("W3 initial loss", 2.302816, F.cross_entropy(cnn(x), y).item(), 1e-5)
    sgd = torch.optim.SGD(cnn.parameters(), lr=0.01)

    def train():
        sgd.zero_grad()
        F.cross_entropy(cnn(x), y).backward()
        sgd.step()

    return [("w3_train_b64", train, 64, 0)]


def w4():
    layer = nn.TransformerEncoderLayer(d_model=256, nhead=4, dim_feedforward=1024, dropout=0.0,
                                       activation="relu", batch_first=True, norm_first=False)
    set_weights(layer, {"self_attn.in_proj_weight": 200, "self_attn.out_proj.weight": 201,
                        "linear1.weight": 202, "linear2.weight": 203})
    x = fill((16, 128, 256), 5, -1, 1)

    def step():
        layer.zero_grad()
        layer(x).mean().backward()

    return [("w4_fwd_bwd", step, 16, 0)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=6)
    parser.add_argument("--only", default=".*")
    parser.add_argument("--tsv")
    args = parser.parse_args()
    torch.set_num_threads(2)
    print(f"PyTorch {torch.__version__} workloads: threads={torch.get_num_threads()} "
          f"samples={args.samples}")
    print(f"{'workload':22s} {'median ms':>10s} {'min ms':>10s} {'max ms':>10s} {'kept':>6s} "
          f"{'samples/s':>12s} {'GB/s':>9s} {'/copy':>8s}")
    copy_gbs = None
    for make in (w5, w2, w3, w4):
        for wid, step, per_step, nbytes in make():
            if not re.fullmatch(args.only, wid):
                continue
            samples = sample(step, warm_up(step), args.samples)
            kept, flagged = keep(samples)
            t = statistics.median(kept)
            gbs = nbytes / t / 1e9 if nbytes else None
            if wid == "w5_copy":
                copy_gbs = gbs
            rate = f"{per_step / t:.0f}" if per_step else ""
            gb = f"{gbs:.1f}" if gbs else ""
            ratio = f"{gbs / copy_gbs:.2f}" if gbs and copy_gbs else ""
            print(f"{wid:22s} {t * 1e3:10.4f} {min(kept) * 1e3:10.4f} {max(kept) * 1e3:10.4f} "
                  f"{len(kept):3d}/{len(samples):<2d} {rate:>12s} {gb:>9s} {ratio:>8s}"
                  + ("  (noisy: fewer than 5 clean samples)" if flagged else ""), flush=True)
            if args.tsv:
                with open(args.tsv, "a") as f:
                    for s, fr in samples:
                        f.write(f"pytorch\t{wid}\t{s:.9e}\t{fr:.4f}\n")


if __name__ == "__main__":
    main()
