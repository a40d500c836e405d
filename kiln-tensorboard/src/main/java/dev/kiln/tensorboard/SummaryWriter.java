package dev.kiln.tensorboard;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensorboard.proto.Event;
import dev.kiln.tensorboard.proto.HistogramProto;
import dev.kiln.tensorboard.proto.Summary;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes TensorBoard event files, with the API of PyTorch's {@code
 * torch.utils.tensorboard.SummaryWriter} in Java casing. Each {@code add*} call copies its data and
 * returns; a background thread encodes and appends the records (bounded queue: a caller waits only
 * when the writer falls far behind), flushes every {@code flushSecs} and at {@link #flush()} and
 * {@link #close()}, and a shutdown hook flushes a writer that was never closed. Every record
 * carries the wall time of the call and the global step. Write failures go to the error handler (by
 * default logged at ERROR with the file named); they never throw into the training thread.
 * Thread-safe.
 *
 * <pre>{@code
 * try (var writer = new SummaryWriter(Path.of("runs/exp1"))) {
 *   for (int step = 0; step < 100; step++) {
 *     writer.addScalar("loss/train", loss, step);
 *   }
 *   writer.addHistogram("fc1/weight", weight, 100);
 * }
 * }</pre>
 *
 * <p>Then {@code tensorboard --logdir runs}.
 */
public final class SummaryWriter implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SummaryWriter.class.getName());

  private final Path logDir;
  private final EventWriterThread thread;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread shutdownHook;

  /** Options for {@link #builder(Path)}; defaults follow PyTorch where it has one. */
  public static final class Builder {
    private final Path logDir;
    private double flushSecs = 120;
    private int maxQueue = 1024;
    private long maxQueueBytes = 256L << 20;
    private String filenameSuffix = "";
    private Consumer<Throwable> onError =
        e -> LOG.log(System.Logger.Level.ERROR, "TensorBoard event writing failed: " + e, e);

    private Builder(Path logDir) {
      this.logDir = logDir;
    }

    /** Seconds between automatic flushes to disk (default 120, as PyTorch). */
    public Builder flushSecs(double seconds) {
      if (!(seconds > 0)) {
        throw new IllegalArgumentException("SummaryWriter: flushSecs must be > 0, got " + seconds);
      }
      this.flushSecs = seconds;
      return this;
    }

    /** Most pending records before {@code add*} calls wait (default 1024). */
    public Builder maxQueue(int records) {
      if (records < 1) {
        throw new IllegalArgumentException("SummaryWriter: maxQueue must be >= 1, got " + records);
      }
      this.maxQueue = records;
      return this;
    }

    /** Most bytes of copied data pending before {@code add*} calls wait (default 256 MiB). */
    public Builder maxQueueBytes(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException(
            "SummaryWriter: maxQueueBytes must be >= 1024, got " + bytes);
      }
      this.maxQueueBytes = bytes;
      return this;
    }

    /** Appended to every event file name (default none). */
    public Builder filenameSuffix(String suffix) {
      this.filenameSuffix = suffix;
      return this;
    }

    /** Receives every failure to write (called on the writer thread; default: log at ERROR). */
    public Builder onError(Consumer<Throwable> handler) {
      this.onError = handler;
      return this;
    }

    /** Creates the writer and its first event file. */
    public SummaryWriter build() {
      return new SummaryWriter(this);
    }
  }

  /** A writer with default options for {@code logDir} (created if missing). */
  public SummaryWriter(Path logDir) {
    this(new Builder(logDir));
  }

  /** A writer for {@code runs/<MonDD_HH-MM-SS>_<host>}, as PyTorch names a run by default. */
  public SummaryWriter() {
    this(Path.of("runs", defaultRunName()));
  }

  private SummaryWriter(Builder b) {
    this.logDir = b.logDir;
    this.thread =
        new EventWriterThread(
            "kiln-tensorboard " + logDir,
            b.maxQueue,
            b.maxQueueBytes,
            b.flushSecs,
            b.filenameSuffix,
            b.onError);
    thread.submit(new EventWriterThread.Open(logDir));
    this.shutdownHook = Thread.ofPlatform().unstarted(() -> closeWriter(false));
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Options: {@code SummaryWriter.builder(dir).flushSecs(30).build()}. */
  public static Builder builder(Path logDir) {
    return new Builder(logDir);
  }

  /** The run directory this writer writes to. */
  public Path logDir() {
    return logDir;
  }

  /** Logs a scalar (PyTorch {@code add_scalar}): {@code writer.addScalar("loss", 0.25, step)}. */
  public void addScalar(String tag, double value, long step) {
    addScalar(tag, value, step, now());
  }

  /** Logs a scalar with an explicit wall time in seconds since the epoch. */
  public void addScalar(String tag, double value, long step, double wallTime) {
    float v = (float) value;
    write(logDir, "addScalar", tag, 0, wallTime, step, () -> Summaries.scalar(tag, v));
  }

  /**
   * Logs several scalars in one chart (PyTorch {@code add_scalars}): each key goes to the child run
   * {@code <logDir>/<mainTag>_<key>} (slashes in {@code mainTag} become underscores) under tag
   * {@code mainTag}.
   */
  public void addScalars(String mainTag, Map<String, ? extends Number> values, long step) {
    double wallTime = now();
    values.forEach(
        (key, value) -> {
          float v = value.floatValue();
          Path run = logDir.resolve(mainTag.replace('/', '_') + "_" + key);
          write(run, "addScalars", mainTag, 0, wallTime, step, () -> Summaries.scalar(mainTag, v));
        });
  }

  /**
   * Logs a histogram of a tensor's values in TensorBoard's default buckets (PyTorch {@code
   * add_histogram}); the values are copied now (float32, float16 and bfloat16 tensors as float32,
   * others as float64) and bucketed on the writer thread.
   *
   * @throws IllegalArgumentException if the tensor is empty
   */
  public void addHistogram(String tag, Tensor values, long step) {
    checkNotEmpty(tag, values.numel());
    DType dt = values.dtype();
    if (dt == DType.FLOAT32 || dt == DType.FLOAT16 || dt == DType.BFLOAT16) {
      float[] copy = values.toFloatArray();
      writeHistogram(tag, 4L * copy.length, step, () -> Histograms.of(copy));
    } else {
      double[] copy = values.toDoubleArray();
      writeHistogram(tag, 8L * copy.length, step, () -> Histograms.of(copy));
    }
  }

  /** Logs a histogram of raw values (copied). */
  public void addHistogram(String tag, double[] values, long step) {
    checkNotEmpty(tag, values.length);
    double[] copy = values.clone();
    writeHistogram(tag, 8L * copy.length, step, () -> Histograms.of(copy));
  }

  private static void checkNotEmpty(String tag, long n) {
    if (n == 0) {
      throw new IllegalArgumentException("addHistogram: no values for tag '" + tag + "'");
    }
  }

  private void writeHistogram(
      String tag, long bytes, long step, Supplier<HistogramProto> histogram) {
    write(
        logDir,
        "addHistogram",
        tag,
        bytes,
        now(),
        step,
        () -> Summaries.histogram(tag, histogram.get()));
  }

  /**
   * Logs an already bucketed histogram (PyTorch {@code add_histogram_raw}): {@code bucketCounts[i]}
   * counts values in {@code [bucketLimits[i-1], bucketLimits[i])}.
   *
   * @throws IllegalArgumentException if the arrays differ in length or are empty
   */
  public void addHistogramRaw(
      String tag,
      double min,
      double max,
      double num,
      double sum,
      double sumSquares,
      double[] bucketLimits,
      double[] bucketCounts,
      long step) {
    if (bucketLimits.length != bucketCounts.length || bucketLimits.length == 0) {
      throw new IllegalArgumentException(
          "addHistogramRaw: '"
              + tag
              + "' has "
              + bucketLimits.length
              + " bucket limits and "
              + bucketCounts.length
              + " counts; expected the same non-zero number");
    }
    HistogramProto.Builder h =
        HistogramProto.newBuilder()
            .setMin(min)
            .setMax(max)
            .setNum(num)
            .setSum(sum)
            .setSumSquares(sumSquares);
    for (int i = 0; i < bucketLimits.length; i++) {
      h.addBucketLimit(bucketLimits[i]).addBucket(bucketCounts[i]);
    }
    HistogramProto histo = h.build();
    write(logDir, "addHistogramRaw", tag, 0, now(), step, () -> Summaries.histogram(tag, histo));
  }

  /** Logs a CHW image (float in [0, 1] or uint8) as PNG (PyTorch {@code add_image}). */
  public void addImage(String tag, Tensor image, long step) {
    addImage(tag, image, step, "CHW");
  }

  /**
   * Logs an image in layout {@code dataformats}: {@code "CHW"}, {@code "HWC"}, {@code "HW"} (1, 3
   * or 4 channels). Float values are scaled by 255; uint8 values are kept.
   *
   * @throws IllegalArgumentException if the shape does not match the layout
   */
  public void addImage(String tag, Tensor image, long step, String dataformats) {
    addImageData("addImage", tag, image, step, dataformats);
  }

  /** Logs a batch of NCHW images tiled into one grid image (PyTorch {@code add_images}). */
  public void addImages(String tag, Tensor images, long step) {
    addImages(tag, images, step, "NCHW");
  }

  /** Logs a batch of images in layout {@code "NCHW"}, {@code "NHWC"} or {@code "NHW"}, tiled. */
  public void addImages(String tag, Tensor images, long step, String dataformats) {
    if (!dataformats.toUpperCase(Locale.ROOT).startsWith("N")) {
      throw new IllegalArgumentException(
          "addImages: dataformats '" + dataformats + "' must start with N (the batch dimension)");
    }
    addImageData("addImages", tag, images, step, dataformats);
  }

  private void addImageData(String call, String tag, Tensor image, long step, String format) {
    int[] shape = image.shape();
    Images.check(call, shape, format);
    float[] values = image.toFloatArray();
    boolean uint8 = image.dtype() == DType.UINT8;
    write(
        logDir,
        call,
        tag,
        4L * values.length,
        now(),
        step,
        () -> {
          Images.Pixels p = Images.toPixels(values, shape, format, uint8);
          byte[] png = PngEncoder.encode(p.height(), p.width(), p.channels(), p.data());
          return Summaries.image(tag, p.height(), p.width(), p.channels(), png);
        });
  }

  /** Logs markdown text under {@code tag + "/text_summary"} (PyTorch {@code add_text}). */
  public void addText(String tag, String text, long step) {
    write(logDir, "addText", tag, 2L * text.length(), now(), step, () -> Summaries.text(tag, text));
  }

  /**
   * Logs a run's hyperparameters and final metrics for the HParams dashboard (PyTorch {@code
   * add_hparams}): writes the experiment, session start and end records plus each metric as a
   * scalar to the child run {@code <logDir>/<seconds since the epoch>}.
   *
   * <pre>{@code
   * writer.addHparams(Map.of("lr", 0.1, "optimizer", "sgd"), Map.of("hparam/accuracy", 0.9));
   * }</pre>
   */
  public void addHparams(Map<String, ?> hparams, Map<String, ? extends Number> metrics) {
    addHparams(hparams, metrics, Map.of(), null, 0);
  }

  /**
   * Like {@link #addHparams(Map, Map)}, with discrete domains for some hparams, the child run's
   * name (null for the time) and the step.
   *
   * @throws IllegalArgumentException if an hparam is not a Number, String or Boolean
   */
  public void addHparams(
      Map<String, ?> hparams,
      Map<String, ? extends Number> metrics,
      Map<String, List<?>> domainDiscrete,
      String runName,
      long step) {
    HParamsSummaries.check(hparams);
    double wallTime = now();
    Path run = logDir.resolve(runName == null || runName.isEmpty() ? wallTime + "" : runName);
    Map<String, ?> hp = Map.copyOf(hparams);
    List<String> metricNames = List.copyOf(metrics.keySet());
    Map<String, List<?>> domains = Map.copyOf(domainDiscrete);
    String what = "addHparams";
    String tag = run.getFileName().toString();
    write(
        run,
        what,
        tag,
        0,
        wallTime,
        step,
        () -> HParamsSummaries.experiment(hp, metricNames, domains));
    write(run, what, tag, 0, wallTime, step, () -> HParamsSummaries.sessionStart(hp, wallTime));
    write(run, what, tag, 0, wallTime, step, () -> HParamsSummaries.sessionEnd(wallTime));
    metrics.forEach(
        (k, v) -> {
          float value = v.floatValue();
          write(run, what, tag, 0, wallTime, step, () -> Summaries.scalar(k, value));
        });
  }

  /** Logs a precision-recall curve with 127 thresholds (PyTorch {@code add_pr_curve}). */
  public void addPrCurve(String tag, Tensor labels, Tensor predictions, long step) {
    addPrCurve(tag, labels, predictions, step, PrCurves.DEFAULT_THRESHOLDS);
  }

  /**
   * Logs a precision-recall curve: {@code labels} are truth values (1 positive, 0 negative), {@code
   * predictions} probabilities in [0, 1], of the same number of elements.
   *
   * @throws IllegalArgumentException if the sizes differ or {@code numThresholds < 2}
   */
  public void addPrCurve(
      String tag, Tensor labels, Tensor predictions, long step, int numThresholds) {
    if (labels.numel() != predictions.numel() || numThresholds < 2) {
      throw new IllegalArgumentException(
          "addPrCurve: '"
              + tag
              + "' has labels "
              + Arrays.toString(labels.shape())
              + " and predictions "
              + Arrays.toString(predictions.shape())
              + " with "
              + numThresholds
              + " thresholds; expected equal sizes and >= 2 thresholds");
    }
    double[] l = labels.toDoubleArray();
    double[] p = predictions.toDoubleArray();
    DType pt = predictions.dtype();
    boolean single = pt == DType.FLOAT32 || pt == DType.FLOAT16 || pt == DType.BFLOAT16;
    write(
        logDir,
        "addPrCurve",
        tag,
        16L * l.length,
        now(),
        step,
        () -> Summaries.prCurve(tag, PrCurves.compute(l, p, numThresholds, single), numThresholds));
  }

  /**
   * Writes a [N, D] matrix and optional labels (one per row) for the Embedding Projector (PyTorch
   * {@code add_embedding}), under {@code <logDir>/<step:05d>/<tag>/}.
   *
   * @throws IllegalArgumentException if {@code mat} is not 2-D or the label count differs from N
   */
  public void addEmbedding(Tensor mat, List<String> metadata, String tag, long step) {
    int[] shape = mat.shape();
    if (shape.length != 2 || (metadata != null && metadata.size() != shape[0])) {
      throw new IllegalArgumentException(
          "addEmbedding: '"
              + tag
              + "' has shape "
              + Arrays.toString(shape)
              + " and "
              + (metadata == null ? "no" : metadata.size())
              + " labels; expected [N, D] and N labels");
    }
    float[] values = mat.toFloatArray();
    List<String> labels = metadata == null ? null : List.copyOf(metadata);
    checkOpen();
    thread.submit(
        new EventWriterThread.FileJob(
            "addEmbedding '" + tag + "' in " + logDir,
            4L * values.length,
            () -> Projector.write(logDir, values, shape[0], shape[1], labels, tag, step)));
  }

  /** Writes a graph for the Graphs dashboard (PyTorch {@code add_graph}, from a description). */
  public void addGraph(GraphDescription graph) {
    double wallTime = now();
    checkOpen();
    thread.submit(
        new EventWriterThread.Write(
            logDir,
            "addGraph",
            "",
            0,
            0,
            () ->
                Event.newBuilder()
                    .setWallTime(wallTime)
                    .setGraphDef(graph.toGraphDef().toByteString())
                    .build()));
  }

  /** Writes the Custom Scalars dashboard's layout (PyTorch {@code add_custom_scalars}). */
  public void addCustomScalars(CustomScalarLayout layout) {
    Summary summary = Summaries.customScalars(layout.toLayout());
    write(logDir, "addCustomScalars", Summaries.CUSTOM_SCALARS_TAG, 0, now(), 0, () -> summary);
  }

  /** Waits until every record added so far is written and handed to the operating system. */
  public void flush() {
    checkOpen();
    thread.barrier(false);
  }

  /** Flushes and closes every event file; later {@code add*} calls throw. Idempotent. */
  @Override
  public void close() {
    closeWriter(true);
  }

  private void closeWriter(boolean removeHook) {
    if (closed.compareAndSet(false, true)) {
      thread.barrier(true);
      if (removeHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
          // the JVM is exiting; the hook finds the writer closed
        }
      }
    }
  }

  private void write(
      Path run,
      String call,
      String tag,
      long bytes,
      double wallTime,
      long step,
      Supplier<Summary> summary) {
    checkOpen();
    thread.submit(
        new EventWriterThread.Write(
            run,
            call,
            tag,
            step,
            bytes,
            () ->
                Event.newBuilder()
                    .setWallTime(wallTime)
                    .setStep(step)
                    .setSummary(summary.get())
                    .build()));
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("SummaryWriter for " + logDir + " is closed");
    }
  }

  private static double now() {
    Instant t = Instant.now();
    return t.getEpochSecond() + t.getNano() * 1e-9;
  }

  private static String defaultRunName() {
    String time =
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMMdd_HH-mm-ss", Locale.ROOT));
    try {
      return time + "_" + InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return time + "_localhost";
    }
  }
}
