#!/usr/bin/python3
"""Where a workload's time goes, from a JFR recording: execution samples of every Java thread
(in Java code, and in native code such as OpenBLAS downcalls) attributed to the first Kiln
layer found walking down from the top frame, plus GC pause time.

    jfr_breakdown.py recording.jfr [--within FRAME]

It also lists the Kiln methods most often on top (the kernel or op each sample was in).

--within FRAME counts only samples taken between the first and the last one whose stack holds
FRAME (e.g. Protocol.sample: the harness's timed loop, leaving out building and checking the data,
warm-up, and whatever the harness sets up afterwards), on every thread.

Categories (first matching frame from the top wins):
  GEMM            OpenBLAS downcalls, CpuMatmul, VectorGemm
  conv/pool       im2col/col2im, the direct 3x3 convolution, pooling kernels
  kernels         other backend kernels (elementwise, reductions, softmax, layer norm, copies)
  autograd        dev.kiln.autograd (graph recording, engine, accumulation)
  op dispatch     dev.kiln.ops / dev.kiln.tensor (shape checks, promotion, views, allocation)
  nn/optim        dev.kiln.nn / dev.kiln.optim code itself
  other           JDK, JMH/harness, idle pool threads are not sampled
OpenBLAS's own worker threads are not Java threads and are not sampled: GEMM's share counts the
calling thread only.
"""
import collections
import json
import subprocess
import sys

RULES = [
    ("GEMM", ("dev.kiln.backend.cpu.blas.", "dev.kiln.backend.cpu.CpuMatmul",
              "dev.kiln.backend.cpu.vector.VectorGemm")),
    ("conv/pool", ("dev.kiln.backend.cpu.CpuConvKernels", "dev.kiln.backend.cpu.CpuPoolKernels",
                   "dev.kiln.ops.Im2Col", "dev.kiln.backend.cpu.conv.",
                   "dev.kiln.backend.cpu.vector.VectorConv3x3", "dev.kiln.ops.ConvDirectPath")),
    ("kernels", ("dev.kiln.backend.",)),
]
TOP_METHODS = 12
LAYERS = [
    ("autograd", ("dev.kiln.autograd.",)),
    ("op dispatch", ("dev.kiln.ops.", "dev.kiln.tensor.")),
    ("nn/optim", ("dev.kiln.nn.", "dev.kiln.optim.")),
]


def frame_name(frame):
    method = frame["method"]
    return method["type"]["name"].replace("/", ".") + "." + method["name"]


def category(frames):
    names = [frame_name(f) for f in frames]
    for cat, prefixes in RULES:
        if any(n.startswith(prefixes) for n in names):
            return cat
    for n in names:
        for cat, prefixes in LAYERS:
            if n.startswith(prefixes):
                return cat
    return "other"


def main():
    path = sys.argv[1]
    within = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--within" else None
    out = subprocess.run(
        ["jfr", "print", "--json", "--stack-depth", "96", "--events",
         "jdk.ExecutionSample,jdk.NativeMethodSample,jdk.GarbageCollection", path],
        check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    if within:
        times = [e["values"]["startTime"] for e in events
                 if e["values"].get("stackTrace") and any(
                     within in frame_name(f) for f in e["values"]["stackTrace"]["frames"])]
        if times:
            first, last = min(times), max(times)
            events = [e for e in events if first <= e["values"]["startTime"] <= last]
    counts = collections.Counter()
    methods = collections.Counter()
    gc_ms = 0.0
    for e in events:
        if e["type"] == "jdk.GarbageCollection":
            gc_ms += duration_ms(e["values"]["sumOfPauses"])
            continue
        stack = e["values"].get("stackTrace")
        if stack:
            counts[category(stack["frames"])] += 1
            top = top_kiln_frame(stack["frames"])
            if top:
                methods[top] += 1
    total = sum(counts.values())
    print(f"{path}: {total} samples")
    for cat, n in counts.most_common():
        print(f"  {cat:12s} {100 * n / total:5.1f} %")
    print(f"  GC pauses    {gc_ms:.0f} ms in total")
    print("  top Kiln methods (first Kiln frame from the top):")
    for name, n in methods.most_common(TOP_METHODS):
        print(f"    {100 * n / total:5.1f} %  {name}")


def top_kiln_frame(frames):
    """The innermost dev.kiln frame (the kernel or op the sample was in), or None."""
    for f in frames:
        name = frame_name(f)
        if name.startswith("dev.kiln."):
            return name
    return None


def duration_ms(text):
    """JFR's JSON durations look like 'PT0.0123S'."""
    text = text.strip()
    if text.startswith("PT") and text.endswith("S"):
        return 1000 * float(text[2:-1])
    return float("nan")


if __name__ == "__main__":
    main()
