package dev.kiln.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.optim.Adam;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code fit} around a module that is not a Sequential, with a rewritten training step. */
class CustomModuleTest {
  /** A residual MLP: {@code head(x + relu(hidden(x)))} on the 64 digit pixels. */
  static final class Residual extends Module {
    private final Linear hidden;
    private final Linear head;

    Residual(Generator g) {
      hidden = registerModule("hidden", new Linear(64, 64, true, g));
      head = registerModule("head", new Linear(64, 10, true, g));
    }

    @Override
    public Tensor forward(Tensor x) {
      return head.call(x.add(hidden.call(x).relu()));
    }
  }

  /** Keras's {@code train_step} override: the loss plus an L2 penalty, logged as its own key. */
  static final class PenalisedModel extends Model {
    private final double l2;
    private double lastPenalty;

    PenalisedModel(Module module, double l2) {
      super(module);
      this.l2 = l2;
    }

    @Override
    protected Map<String, Double> trainStep(Batch batch) {
      Tensor out = module().call(batch.x());
      Tensor loss = computeLoss(out, batch.y());
      Tensor penalty = Tensor.scalar(0.0);
      for (Tensor p : module().parameters()) {
        penalty = penalty.add(p.mul(p).sum());
      }
      penalty = penalty.mul(l2);
      backwardAndUpdate(loss.add(penalty));
      updateMetrics(loss, out, batch.y());
      lastPenalty = penalty.item();
      Map<String, Double> logs = metricResults();
      logs.put("penalty", lastPenalty);
      return logs;
    }
  }

  private static double squaredNorm(Module m) {
    double s = 0;
    for (Tensor p : m.parameters()) {
      s += p.mul(p).sum().item();
    }
    return s;
  }

  @Test
  void aCustomModuleTrainsWithARewrittenStepAndKeepsTheLoop() {
    Residual plain = new Residual(new Generator(4));
    Residual penalised = new Residual(new Generator(4));
    Batches digits = Batches.of(Nets.digits(), 64);
    FitOptions options = new FitOptions().epochs(4).validationSplit(0.2).verbose(0);

    Model a = new Model(plain);
    a.compile(new Adam(plain.parameters(), 1e-2), "sparse_categorical_crossentropy", "accuracy");
    History ha = a.fit(digits, options);
    PenalisedModel b = new PenalisedModel(penalised, 1e-3);
    b.compile(
        new Adam(penalised.parameters(), 1e-2), "sparse_categorical_crossentropy", "accuracy");
    History hb = b.fit(digits, options);

    assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), ha.keys());
    assertEquals(List.of("loss", "accuracy", "penalty", "val_loss", "val_accuracy"), hb.keys());
    assertTrue(ha.get("val_accuracy").getLast() > 0.85, ha.toString());
    assertTrue(hb.get("val_accuracy").getLast() > 0.85, hb.toString());
    assertEquals(squaredNorm(penalised) * 1e-3, b.lastPenalty, 0.05 * b.lastPenalty);
    assertTrue(squaredNorm(penalised) < squaredNorm(plain), "the penalty shrinks the weights");
    assertTrue(b.evaluate(digits).get("accuracy") > 0.9, "evaluate and predict work on it too");
    assertEquals(10, b.predict(digits).size(1));
  }
}
