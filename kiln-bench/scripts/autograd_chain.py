#!/usr/bin/python3
"""PyTorch side of kiln-bench's AutogradChain: 100 elementwise ops on 64 floats, then sum.

Run with Debian's PyTorch: /usr/bin/python3 kiln-bench/scripts/autograd_chain.py
Prints the median of 10 samples (each the mean of enough calls to last ~50 ms), in microseconds,
for the forward alone and for forward + backward, as the JMH benchmark reports them.
"""
import statistics
import time

import torch


def chain(x):
    y = x
    for _ in range(50):
        y = y * 0.999 + 0.001
    return y.sum()


def forward(x):
    return chain(x)


def forward_backward(x):
    x.grad = None
    chain(x).backward()
    return x.grad


def median_us(fn, x):
    for _ in range(200):  # warm-up
        fn(x)
    start = time.perf_counter()
    fn(x)
    reps = max(1, int(0.05 / max(time.perf_counter() - start, 1e-7)))
    samples = []
    for _ in range(10):
        t0 = time.perf_counter()
        for _ in range(reps):
            fn(x)
        samples.append((time.perf_counter() - t0) / reps * 1e6)
    return statistics.median(samples)


def main():
    torch.set_num_threads(2)
    x = torch.linspace(-1, 1, 64, requires_grad=True)
    forward_backward(x)
    assert abs(x.grad[0].item() - 0.999 ** 50) < 1e-5
    print(f"torch {torch.__version__}: forward {median_us(forward, x):.1f} us, "
          f"forward+backward {median_us(forward_backward, x):.1f} us")


if __name__ == "__main__":
    main()
