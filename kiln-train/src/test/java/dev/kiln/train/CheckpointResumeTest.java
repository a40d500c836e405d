package dev.kiln.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.data.Subset;
import dev.kiln.data.TensorDataset;
import dev.kiln.io.SafeTensors;
import dev.kiln.nn.CrossEntropyLoss;
import dev.kiln.nn.Sequential;
import dev.kiln.optim.Adam;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.callbacks.CSVLogger;
import dev.kiln.train.callbacks.EarlyStopping;
import dev.kiln.train.callbacks.Mode;
import dev.kiln.train.callbacks.ModelCheckpoint;
import dev.kiln.train.metrics.SparseCategoricalAccuracy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end story: fit with validation, EarlyStopping(restoreBestWeights) and a best-only
 * ModelCheckpoint; the stored checkpoint is the best epoch; resuming from it continues the history.
 */
class CheckpointResumeTest {
  @TempDir Path dir;

  /** 120 training digits (easy to overfit) and 400 validation digits. */
  private static Batches[] data() {
    TensorDataset all = Nets.digits();
    int[] train = new int[120];
    int[] val = new int[400];
    Arrays.setAll(train, i -> i);
    Arrays.setAll(val, i -> 1000 + i);
    return new Batches[] {
      Batches.of(new Subset<>(all, train), 30), Batches.of(new Subset<>(all, val), 100)
    };
  }

  private static Model compiled(Sequential net) {
    Model m = new Model(net);
    m.compile(
        new Adam(net.parameters(), 0.03),
        new CrossEntropyLoss(),
        new SparseCategoricalAccuracy("accuracy"));
    return m;
  }

  @Test
  void bestCheckpointIsTheBestEpochAndResumingContinuesTheHistory() throws IOException {
    Batches[] data = data();
    Model model = compiled(Nets.digitsMlp(11));
    EarlyStopping stop = new EarlyStopping("val_loss", 3).restoreBestWeights(true);
    ModelCheckpoint ckpt =
        new ModelCheckpoint(dir.resolve("ckpt-{epoch:02d}-{val_loss:.4f}.safetensors"))
            .monitor("val_loss", Mode.MIN)
            .saveBestOnly(true);
    Path csv = dir.resolve("log.csv");
    History first =
        model.fit(
            data[0],
            new FitOptions()
                .epochs(60)
                .validationData(data[1])
                .verbose(0)
                .shuffle(true, 5)
                .callbacks(stop, ckpt, new CSVLogger(csv)));

    List<Double> valLoss = first.get("val_loss");
    int best = 0;
    for (int i = 1; i < valLoss.size(); i++) {
      best = valLoss.get(i) < valLoss.get(best) ? i : best;
    }
    assertTrue(stop.stoppedEpoch() > 0 && stop.stoppedEpoch() < 59, "stopped early: " + first);
    assertEquals(best + 3, stop.stoppedEpoch(), "patience 3 after the best epoch");
    assertEquals(best, stop.bestEpoch());

    // The stored best checkpoint is the best epoch, named by the template.
    String expectedName =
        String.format(Locale.ROOT, "ckpt-%02d-%.4f.safetensors", best + 1, valLoss.get(best));
    assertEquals(dir.resolve(expectedName), ckpt.bestSaved());
    SafeTensors.Content stored = SafeTensors.read(ckpt.bestSaved());
    assertEquals(Integer.toString(best), stored.metadata().get("epoch"));
    assertEquals(valLoss.get(best), Double.parseDouble(stored.metadata().get("value")));

    // restoreBestWeights: the model holds the best epoch's weights again, equal to the file.
    Map<String, Tensor> now = model.getWeights();
    for (Map.Entry<String, Tensor> e : stored.tensors().entrySet()) {
      assertArrayEquals(e.getValue(), now.get(e.getKey()), e.getKey());
    }
    assertEquals(valLoss.get(best), model.evaluate(data[1]).get("loss"), 1e-6);

    // Resume from the checkpoint in a fresh model: continues at epoch best + 1.
    Model resumed = compiled(Nets.digitsMlp(99));
    resumed.loadWeights(ckpt.bestSaved());
    assertEquals(valLoss.get(best), resumed.evaluate(data[1]).get("loss"), 1e-6);
    History second =
        resumed.fit(
            data[0],
            new FitOptions()
                .epochs(best + 3)
                .initialEpoch(best + 1)
                .validationData(data[1])
                .verbose(0)
                .callbacks(new CSVLogger(csv, true, ",")));
    assertEquals(List.of(best + 1, best + 2), second.epochs());
    History whole = first.upTo(best).concat(second);
    List<Integer> expectedEpochs = new ArrayList<>();
    for (int e = 0; e <= best + 2; e++) {
      expectedEpochs.add(e);
    }
    assertEquals(expectedEpochs, whole.epochs());
    assertEquals(valLoss.subList(0, best + 1), whole.get("val_loss").subList(0, best + 1));

    // The CSV log has the first run's rows, then the resumed epochs under the same header.
    List<String> lines = Files.readAllLines(csv);
    assertEquals("epoch,loss,accuracy,val_loss,val_accuracy", lines.getFirst());
    assertEquals(1 + first.epochs().size() + 2, lines.size());
    assertTrue(lines.getLast().startsWith((best + 2) + ","), lines.getLast());
  }

  private static void assertArrayEquals(Tensor a, Tensor b, String what) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        a.toFloatArray(), b.toFloatArray(), 0f, what);
  }
}
