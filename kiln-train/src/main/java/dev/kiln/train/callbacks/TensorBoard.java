package dev.kiln.train.callbacks;

import dev.kiln.tensor.Tensor;
import dev.kiln.tensorboard.SummaryWriter;
import dev.kiln.train.Callback;
import java.nio.file.Path;
import java.util.Map;

/**
 * Logs a run for TensorBoard through kiln-tensorboard's {@link SummaryWriter}, laid out as Keras
 * does: {@code <logDir>/train} and {@code <logDir>/validation} runs with scalars {@code
 * epoch_<metric>} per epoch (validation metrics without their {@code val_} prefix), optionally
 * {@code batch_<metric>} every {@code updateFreq} training batches (step = global batch count),
 * weight histograms every {@code histogramFreq} epochs (tag = parameter path), and the model graph
 * from the module tree (recorded from the first training batch; see {@link ModuleGraph}).
 *
 * <pre>{@code
 * new TensorBoard(Path.of("runs/exp1")).histogramFreq(1).updateFreq(10)
 * // tensorboard --logdir runs
 * }</pre>
 */
public final class TensorBoard extends Callback {
  private final Path logDir;
  private int histogramFreq;
  private int updateFreq;
  private boolean writeGraph = true;
  private SummaryWriter train;
  private SummaryWriter validation;
  private ModuleGraph graph;
  private long globalStep;

  /** Logs epoch scalars and the graph under {@code logDir}. */
  public TensorBoard(Path logDir) {
    this.logDir = logDir;
  }

  /** Writes weight histograms every {@code epochs} epochs (0, the default: never). */
  public TensorBoard histogramFreq(int epochs) {
    this.histogramFreq = Math.max(0, epochs);
    return this;
  }

  /** Writes batch scalars every {@code batches} training batches (0, the default: never). */
  public TensorBoard updateFreq(int batches) {
    this.updateFreq = Math.max(0, batches);
    return this;
  }

  /** Whether to write the model graph (default true). */
  public TensorBoard writeGraph(boolean write) {
    this.writeGraph = write;
    return this;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    train = new SummaryWriter(logDir.resolve("train"));
    validation = new SummaryWriter(logDir.resolve("validation"));
    graph = writeGraph ? ModuleGraph.record(model().module()) : null;
    globalStep = 0;
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    if (graph != null) {
      train.addGraph(graph.finish());
      graph = null;
    }
    globalStep++;
    if (updateFreq > 0 && globalStep % updateFreq == 0) {
      logs.forEach((k, v) -> train.addScalar("batch_" + k, v, globalStep));
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      if (e.getKey().startsWith("val_")) {
        validation.addScalar("epoch_" + e.getKey().substring(4), e.getValue(), epoch);
      } else {
        train.addScalar("epoch_" + e.getKey(), e.getValue(), epoch);
      }
    }
    if (histogramFreq > 0 && (epoch + 1) % histogramFreq == 0) {
      for (Map.Entry<String, Tensor> p : model().module().namedParameters().entrySet()) {
        train.addHistogram(p.getKey(), p.getValue().detach(), epoch);
      }
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    if (graph != null) {
      graph.discard(); // no batch ran
      graph = null;
    }
    train.close();
    validation.close();
  }
}
