#!/usr/bin/python3
"""PyTorch side of W3TrainStep, Conv2dW3Benchmark and Conv2dW3Backward: the W3 train step, its
recorded forward + loss, and the two convolutions forward (no grad) and forward + backward, with
WORKLOADS.md's data (fill/weight from compare_pytorch.py), 2 threads. Each entry is timed once per
round, the entries interleaved, so all see the same machine load; prints min and median ms.

    /usr/bin/python3 kiln-bench/scripts/w3_step.py [--rounds 20] [--threads 2]
"""
import argparse
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_pytorch import fill, set_weights, weight  # noqa: E402


def entries():
    x = fill((64, 1, 28, 28), 6, 0, 1)
    y = torch.arange(64) % 10
    cnn = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Linear(128, 10))
    set_weights(cnn, {"0.weight": 300, "3.weight": 302, "7.weight": 304, "9.weight": 306})
    sgd = torch.optim.SGD(cnn.parameters(), lr=0.01)
    x2 = fill((64, 32, 14, 14), 7, 0, 1).requires_grad_(True)
    w1 = weight((32, 1, 3, 3), 300).requires_grad_(True)
    w2 = weight((64, 32, 3, 3), 302).requires_grad_(True)
    b1 = torch.zeros(32, requires_grad=True)
    b2 = torch.zeros(64, requires_grad=True)
    g1 = fill((64, 32, 28, 28), 8, -1, 1)
    g2 = fill((64, 64, 14, 14), 8, -1, 1)

    def step():
        sgd.zero_grad()
        F.cross_entropy(cnn(x), y).backward()
        sgd.step()

    def no_grad(f):
        def run():
            with torch.no_grad():
                f()
        return run

    def fwd_bwd(f, g, leaves):
        def run():
            for t in leaves:
                t.grad = None
            f().backward(g)
        return run

    return {
        "conv1.fwd": no_grad(lambda: F.conv2d(x, w1, b1, padding=1)),
        "conv1.fwdbwd": fwd_bwd(lambda: F.conv2d(x, w1, b1, padding=1), g1, (w1, b1)),
        "conv2.fwd": no_grad(lambda: F.conv2d(x2, w2, b2, padding=1)),
        "conv2.fwdbwd": fwd_bwd(lambda: F.conv2d(x2, w2, b2, padding=1), g2, (x2, w2, b2)),
        "w3.fwd": lambda: F.cross_entropy(cnn(x), y),
        "w3.step": step,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    fs = entries()
    times = {k: [] for k in fs}
    for r in range(-3, args.rounds):
        for k, f in fs.items():
            t0 = time.perf_counter()
            f()
            t1 = time.perf_counter()
            if r >= 0:
                times[k].append((t1 - t0) * 1e3)
    for k, v in times.items():
        print("%-14s min %8.2f  med %8.2f ms" % (k, min(v), statistics.median(v)))


if __name__ == "__main__":
    main()
