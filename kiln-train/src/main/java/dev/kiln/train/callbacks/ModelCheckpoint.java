package dev.kiln.train.callbacks;

import dev.kiln.io.SafeTensors;
import dev.kiln.train.Callback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves the model's weights as safetensors at the end of epochs (Keras's {@code ModelCheckpoint}),
 * atomically (a crash never leaves a half-written checkpoint). The file name is a template over the
 * epoch (1-based) and the logs:
 *
 * <pre>{@code
 * new ModelCheckpoint(dir.resolve("ckpt-{epoch:02d}-{val_loss:.4f}.safetensors"))
 *     .monitor("val_loss", Mode.MIN).saveBestOnly(true)
 * }</pre>
 *
 * <p>With {@code saveBestOnly}, only epochs that improve on the best monitored value so far are
 * saved. {@code everyEpochs(n)} saves every n-th epoch. Each file's safetensors metadata records
 * {@code epoch} (0-based) and, when present, the monitored key and value. Load one with {@link
 * dev.kiln.train.Model#loadWeights} and resume with {@code FitOptions.initialEpoch(epoch + 1)}.
 */
public final class ModelCheckpoint extends Callback {
  private final Path folder;
  private final FilenameTemplate template;
  private Monitor monitor = new Monitor("val_loss", Mode.AUTO);
  private boolean saveBestOnly;
  private int everyEpochs = 1;
  private double best = Double.NaN;
  private double initialBest = Double.NaN;
  private Path lastSaved;
  private Path bestSaved;

  /**
   * Saves to {@code pathTemplate} (its file name may hold {@code {key:spec}} fields).
   *
   * @throws IllegalArgumentException for a malformed template
   */
  public ModelCheckpoint(Path pathTemplate) {
    Path abs = pathTemplate.toAbsolutePath();
    this.folder = abs.getParent();
    this.template = new FilenameTemplate(abs.getFileName().toString());
  }

  /** The value that decides "best" (default {@code val_loss}, mode auto). */
  public ModelCheckpoint monitor(String key, Mode mode) {
    this.monitor = new Monitor(key, mode);
    return this;
  }

  /** Saves only epochs that improve on the best monitored value (default false). */
  public ModelCheckpoint saveBestOnly(boolean bestOnly) {
    this.saveBestOnly = bestOnly;
    return this;
  }

  /** Considers saving every {@code n}-th epoch only (default 1). */
  public ModelCheckpoint everyEpochs(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("ModelCheckpoint: everyEpochs must be >= 1, got " + n);
    }
    this.everyEpochs = n;
    return this;
  }

  /**
   * A best value to beat from the start (Keras's {@code initial_value_threshold}), e.g. the
   * monitored value of the checkpoint a run resumes from.
   */
  public ModelCheckpoint initialBest(double value) {
    this.initialBest = value;
    return this;
  }

  /** The last file written, or null. */
  public Path lastSaved() {
    return lastSaved;
  }

  /** The file of the best epoch saved, or null (with {@code saveBestOnly}, the last one). */
  public Path bestSaved() {
    return bestSaved;
  }

  /** The best monitored value seen (NaN before any). */
  public double best() {
    return best;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    best = Double.isNaN(initialBest) ? monitor.worst() : initialBest;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if ((epoch + 1) % everyEpochs != 0) {
      return;
    }
    boolean monitored = logs.containsKey(monitor.key());
    boolean improved = false;
    if (saveBestOnly || monitored) {
      double current = monitor.read("ModelCheckpoint", logs);
      improved = monitor.improves(current, best, 0);
      if (improved) {
        best = current;
      }
    }
    if (saveBestOnly && !improved) {
      return;
    }
    Path file = folder.resolve(template.format(epoch, logs));
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("epoch", Integer.toString(epoch));
    if (monitored) {
      meta.put("monitor", monitor.key());
      meta.put("value", Double.toString(logs.get(monitor.key())));
    }
    try {
      Files.createDirectories(folder);
      SafeTensors.write(file, model().getWeights(), meta);
    } catch (IOException e) {
      throw new UncheckedIOException("ModelCheckpoint: could not write " + file, e);
    }
    lastSaved = file;
    if (improved) {
      bestSaved = file;
    }
  }
}
