#!/usr/bin/python3
"""Independent check of Kiln's TensorBoard event files.

Uses Debian's python3-protobuf and protobuf-compiler (apt-get install python3-protobuf
protobuf-compiler) with Kiln's own .proto files, and a pure-Python CRC-32C, so nothing here shares
code with the Java writer or reader.

  check_events.py check DIR        verify the sample log written by SampleLog.java (see README.md)
  check_events.py write-reference FILE
                                   write a reference event file with this independent writer
"""
import glob
import importlib
import math
import os
import struct
import subprocess
import sys
import tempfile
import zlib

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROTO_DIR = os.path.join(ROOT, "kiln-tensorboard", "src", "main", "protobuf")


def load_protos():
    """Compiles Kiln's .proto files with Debian's protoc into a temp dir and imports them."""
    out = tempfile.mkdtemp(prefix="kiln-tb-pb2-")
    protos = sorted(glob.glob(os.path.join(PROTO_DIR, "tensorboard", "*.proto")))
    rel = [os.path.relpath(p, PROTO_DIR) for p in protos]
    subprocess.run(["protoc", "-I", PROTO_DIR, "-I", "/usr/include", "--python_out=" + out] + rel,
                   check=True)
    sys.path.insert(0, out)
    names = ["event", "summary", "histogram", "tensor", "graph", "plugin_data", "hparams"]
    return {n: importlib.import_module("tensorboard." + n + "_pb2") for n in names}


PB = load_protos()

# ---- TFRecord framing with a pure-Python CRC-32C (Castagnoli, reflected 0x82F63B78) ----


def _crc_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


CRC_TABLE = _crc_table()
assert CRC_TABLE[1] == 0xF26B8303 and CRC_TABLE[2] == 0xE13B70F7  # FORMATS.md section 3


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = CRC_TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def masked_crc(data):
    c = crc32c(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283 and masked_crc(b"123456789") == 0xC78AB0E5


def read_events(path):
    """All events of a file; raises on a bad CRC or a truncated record."""
    data = open(path, "rb").read()
    pos, events = 0, []
    while pos < len(data):
        header = data[pos:pos + 12]
        if len(header) < 12:
            raise ValueError("%s: truncated header at %d" % (path, pos))
        (length,) = struct.unpack("<Q", header[:8])
        if struct.unpack("<I", header[8:])[0] != masked_crc(header[:8]):
            raise ValueError("%s: length CRC mismatch at %d" % (path, pos))
        body = data[pos + 12:pos + 12 + length]
        footer = data[pos + 12 + length:pos + 16 + length]
        if len(body) < length or len(footer) < 4:
            raise ValueError("%s: truncated record at %d" % (path, pos))
        if struct.unpack("<I", footer)[0] != masked_crc(body):
            raise ValueError("%s: data CRC mismatch at %d" % (path, pos))
        event = PB["event"].Event()
        event.ParseFromString(body)
        events.append(event)
        pos += 16 + length
    return events


def write_record(f, event):
    body = event.SerializeToString()
    header = struct.pack("<Q", len(body))
    f.write(header + struct.pack("<I", masked_crc(header)) + body + struct.pack("<I", masked_crc(body)))


# ---- checks of the Kiln sample log ----

FAILURES = []


def check(ok, what):
    print(("OK   " if ok else "FAIL ") + what)
    if not ok:
        FAILURES.append(what)


def run_events(run_dir, label):
    files = glob.glob(os.path.join(run_dir, "events.out.tfevents.*"))
    check(len(files) == 1, "run %s holds one event file" % label)
    events = read_events(files[0])
    first = events[0]
    check(first.file_version == "brain.Event:2" and first.wall_time > 1.6e9,
          "first record is file_version brain.Event:2 with a wall time")
    check(all(e.wall_time > 1.6e9 for e in events), "every record has a wall time")
    return events[1:]


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def tf_default_limits():
    v, pos, neg = 1e-12, [], []
    while v < 1e20:
        pos.append(v)
        neg.append(-v)
        v *= 1.1
    return [-sys.float_info.max] + neg[::-1] + [0.0] + pos + [sys.float_info.max]


def expected_histogram(values):
    import bisect
    limits = tf_default_limits()
    counts = [0] * len(limits)
    for v in values:
        counts[min(bisect.bisect_right(limits, v), len(limits) - 1)] += 1
    nz = [i for i, c in enumerate(counts) if c]
    out_limits, out_counts, i = [], [], nz[0]
    while i <= nz[-1]:
        if counts[i] == 0:
            while counts[i + 1] == 0:
                i += 1
        out_limits.append(limits[i])
        out_counts.append(float(counts[i]))
        i += 1
    return out_limits, out_counts


def compute_curve(labels, predictions, num_thresholds):
    """PyTorch's torch.utils.tensorboard.summary.compute_curve."""
    bucket_indices = np.int32(np.floor(predictions * (num_thresholds - 1)))
    float_labels = labels.astype(np.float64)
    hr = (0, num_thresholds - 1)
    tp_buckets, _ = np.histogram(bucket_indices, bins=num_thresholds, range=hr, weights=float_labels)
    fp_buckets, _ = np.histogram(bucket_indices, bins=num_thresholds, range=hr, weights=1.0 - float_labels)
    tp = np.cumsum(tp_buckets[::-1])[::-1]
    fp = np.cumsum(fp_buckets[::-1])[::-1]
    tn = fp[0] - fp
    fn = tp[0] - tp
    precision = tp / np.maximum(1e-7, tp + fp)
    recall = tp / np.maximum(1e-7, tp + fn)
    return np.stack((tp, fp, tn, fn, precision, recall))


def decode_png(png):
    """Decodes an unfiltered-or-filter-0 8-bit PNG into (h, w, c, rows)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, ihdr = 8, b"", None
    while pos < len(png):
        (n,) = struct.unpack(">I", png[pos:pos + 4])
        kind, body = png[pos + 4:pos + 8], png[pos + 8:pos + 8 + n]
        (crc,) = struct.unpack(">I", png[pos + 8 + n:pos + 12 + n])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF, "PNG chunk CRC"
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype = ihdr[0], ihdr[1], ihdr[2], ihdr[3]
    c = {0: 1, 2: 3, 6: 4}[ctype]
    raw = zlib.decompress(idat)
    stride = w * c + 1
    assert all(raw[y * stride] == 0 for y in range(h)), "filter type 0"
    return h, w, c, [raw[y * stride + 1:(y + 1) * stride] for y in range(h)]


def check_sample(logdir):
    main = run_events(logdir, "DIR")
    by_tag = {}
    for e in main:
        if e.HasField("summary"):
            for v in e.summary.value:
                by_tag.setdefault(v.tag, []).append((e, v))
        elif e.HasField("graph_def"):
            by_tag.setdefault("__graph__", []).append((e, None))

    loss = by_tag["loss"]
    check([e.step for e, _ in loss] == list(range(5)), "scalar 'loss' steps 0..4")
    check([v.simple_value for _, v in loss] == [f32(1.0 / (s + 1)) for s in range(5)],
          "scalar 'loss' values 1/(step+1) as float32")

    for key, val in (("a", 0.1), ("b", 0.2)):
        (e,) = run_events(os.path.join(logdir, "lr_" + key), "DIR/lr_" + key)
        v = e.summary.value[0]
        check(v.tag == "lr" and v.simple_value == f32(val) and e.step == 1,
              "addScalars child run lr_%s: tag 'lr' value %s step 1" % (key, val))

    (e, v), = by_tag["weights"]
    values = [(i - 50) / 10.0 for i in range(100)]
    h = v.histo
    check(e.step == 2 and h.num == 100 and h.min == -5.0 and h.max == 4.9,
          "histogram 'weights' step 2 num 100 min -5.0 max 4.9")
    check(math.isclose(h.sum, sum(values)) and math.isclose(h.sum_squares, sum(x * x for x in values)),
          "histogram 'weights' sum and sum_squares")
    limits, counts = expected_histogram(values)
    check(list(h.bucket_limit) == limits and list(h.bucket) == counts,
          "histogram 'weights' %d buckets equal TensorFlow's default bucketing" % len(counts))

    (e, v), = by_tag["img"]
    hh, ww, cc, rows = decode_png(v.image.encoded_image_string)
    check((v.image.height, v.image.width, v.image.colorspace) == (2, 4, 3) == (hh, ww, cc),
          "image 'img' is a 2x4 RGB PNG")
    chw = np.arange(24, dtype=np.float32) / np.float32(23)
    expect = np.clip(chw.reshape(3, 2, 4).transpose(1, 2, 0) * np.float32(255), 0, 255).astype(np.uint8)
    got = np.frombuffer(b"".join(rows), dtype=np.uint8).reshape(2, 4, 3)
    check(np.array_equal(expect, got), "image 'img' pixels equal CHW values * 255, truncated")

    (e, v), = by_tag["notes/text_summary"]
    text_data = PB["plugin_data"].TextPluginData()
    text_data.ParseFromString(v.metadata.plugin_data.content)
    check(v.metadata.plugin_data.plugin_name == "text" and text_data.version == 0
          and v.tensor.string_val[0].decode("utf-8") == "**hello** from Kiln",
          "text 'notes' in the text plugin")

    (e, v), = by_tag["pr"]
    pr_data = PB["plugin_data"].PrCurvePluginData()
    pr_data.ParseFromString(v.metadata.plugin_data.content)
    labels = np.array([1, 0, 1, 1, 0, 1, 0, 0])
    preds = np.array([0.9, 0.1, 0.6, 0.4, 0.7, 0.8, 0.3, 0.2], dtype=np.float32)
    expect = compute_curve(labels, preds, 11).astype(np.float32)
    got = np.array(v.tensor.float_val, dtype=np.float32).reshape(6, 11)
    check(v.metadata.plugin_data.plugin_name == "pr_curves" and pr_data.num_thresholds == 11
          and [d.size for d in v.tensor.tensor_shape.dim] == [6, 11],
          "pr curve 'pr' metadata and shape [6, 11]")
    check(np.allclose(expect, got, rtol=1e-6, atol=0), "pr curve 'pr' equals PyTorch's compute_curve")

    hp = run_events(os.path.join(logdir, "hp"), "DIR/hp")
    tags = [e.summary.value[0].tag for e in hp]
    check(tags == ["_hparams_/experiment", "_hparams_/session_start_info",
                   "_hparams_/session_end_info", "hparam/acc"], "hparams child run records")
    datas = []
    for e in hp[:3]:
        d = PB["hparams"].HParamsPluginData()
        d.ParseFromString(e.summary.value[0].metadata.plugin_data.content)
        datas.append(d)
    exp, ssi, sei = datas[0].experiment, datas[1].session_start_info, datas[2].session_end_info
    check(sorted(i.name for i in exp.hparam_infos) == ["lr", "opt"]
          and [m.name.tag for m in exp.metric_infos] == ["hparam/acc"], "hparams experiment")
    check(ssi.hparams["lr"].number_value == 0.01 and ssi.hparams["opt"].string_value == "adam",
          "hparams session start values")
    check(sei.status == PB["hparams"].STATUS_SUCCESS, "hparams session end status SUCCESS")
    check(hp[3].summary.value[0].simple_value == f32(0.9), "hparams metric scalar 0.9")

    (e, _), = by_tag["__graph__"]
    g = PB["graph"].GraphDef()
    g.ParseFromString(e.graph_def)
    nodes = [(n.name, n.op, list(n.input), [d.size for d in n.attr["_output_shapes"].list.shape[0].dim])
             for n in g.node]
    check(nodes == [("input", "IO Node", [], [8, 4]), ("fc/linear", "aten::linear", ["input"], [8, 2])],
          "graph nodes, inputs and output shapes")

    (e, v), = by_tag["custom_scalars__config__"]
    layout = PB["plugin_data"].Layout()
    layout.ParseFromString(v.tensor.string_val[0])
    charts = [(c.title, c.WhichOneof("content")) for c in layout.category[0].chart]
    check(layout.category[0].title == "Train" and charts == [("loss", "multiline"), ("lr", "margin")]
          and list(layout.category[0].chart[0].multiline.tag) == ["loss"],
          "custom scalars layout")

    sub = os.path.join(logdir, "00006", "points")
    rows = [list(map(float, line.split("\t"))) for line in open(os.path.join(sub, "tensors.tsv"))]
    labels = open(os.path.join(sub, "metadata.tsv")).read().split("\n")[:-1]
    config = open(os.path.join(logdir, "projector_config.pbtxt")).read()
    check(rows == [[1, 2], [3, 4], [5, 6]] and labels == ["x", "y", "z"]
          and 'tensor_path: "00006/points/tensors.tsv"' in config, "embedding projector files")

    check(len(main) == 11, "11 records in the main run")
    print("%d checks failed" % len(FAILURES) if FAILURES else "all checks passed")
    return 1 if FAILURES else 0


# ---- an independent writer, for the reference fixture Kiln's reader must parse ----


def write_reference(path):
    """A deterministic event file: fixed wall times, every value kind Kiln's reader returns."""
    E, S = PB["event"], PB["summary"]
    with open(path, "wb") as f:
        write_record(f, E.Event(wall_time=1700000000.0, file_version="brain.Event:2",
                                source_metadata=E.SourceMetadata(writer="tools/tensorboard/check_events.py")))
        for step in range(10):
            s = S.Summary(value=[S.Summary.Value(tag="ref/loss", simple_value=0.5 ** step)])
            write_record(f, E.Event(wall_time=1700000001.0 + step, step=step, summary=s))
        histo = PB["histogram"].HistogramProto(min=-1.0, max=2.0, num=4, sum=2.5, sum_squares=5.25,
                                               bucket_limit=[0.0, 1.0, 2.0], bucket=[1, 2, 1])
        write_record(f, E.Event(wall_time=1700000020.0, step=20,
                                summary=S.Summary(value=[S.Summary.Value(tag="ref/histo", histo=histo)])))
        T = PB["tensor"]
        text = T.TensorProto(dtype=7, string_val=["reference text".encode()])
        meta = S.SummaryMetadata(plugin_data=S.SummaryMetadata.PluginData(plugin_name="text"))
        write_record(f, E.Event(wall_time=1700000021.0, step=21, summary=S.Summary(
            value=[S.Summary.Value(tag="ref/text", metadata=meta, tensor=text)])))
    print("wrote", path)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "check":
        sys.exit(check_sample(sys.argv[2]))
    if len(sys.argv) == 3 and sys.argv[1] == "write-reference":
        write_reference(sys.argv[2])
        sys.exit(0)
    print(__doc__)
    sys.exit(2)
