package dev.kiln.train.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Linear;
import dev.kiln.nn.MSELoss;
import dev.kiln.nn.ReLU;
import dev.kiln.nn.Sequential;
import dev.kiln.optim.SGD;
import dev.kiln.optim.lr.StepLR;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensorboard.EventFileReader;
import dev.kiln.tensorboard.GraphDescription;
import dev.kiln.tensorboard.proto.Event;
import dev.kiln.tensorboard.proto.GraphDef;
import dev.kiln.tensorboard.proto.Summary;
import dev.kiln.train.FitOptions;
import dev.kiln.train.History;
import dev.kiln.train.Model;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallbacksTest {
  @TempDir Path dir;

  private static Tensor[] line(int n) {
    float[][] x = new float[n][1];
    float[][] y = new float[n][1];
    for (int i = 0; i < n; i++) {
      x[i][0] = i / (float) n;
      y[i][0] = 2 * x[i][0] - 1;
    }
    return new Tensor[] {Tensor.of(x), Tensor.of(y)};
  }

  @Test
  void learningRateSchedulerStepsPerEpochAndLogsTheRate() {
    Linear net = new Linear(1, 1, true, new Generator(1));
    SGD opt = new SGD(net.parameters(), 0.1);
    Model m = new Model(net);
    m.compile(opt, new MSELoss());
    Tensor[] d = line(8);
    History h =
        m.fit(
            d[0],
            d[1],
            4,
            new FitOptions()
                .epochs(3)
                .verbose(0)
                .callbacks(new LearningRateScheduler(new StepLR(opt, 1, 0.5))));
    assertEquals(List.of(0.1, 0.05, 0.025), h.get("lr"));
  }

  @Test
  void learningRateSchedulerPerBatch() {
    Linear net = new Linear(1, 1, true, new Generator(1));
    SGD opt = new SGD(net.parameters(), 0.1);
    Model m = new Model(net);
    m.compile(opt, new MSELoss());
    Tensor[] d = line(8);
    m.fit(
        d[0],
        d[1],
        4,
        new FitOptions()
            .epochs(2)
            .verbose(0)
            .callbacks(new LearningRateScheduler(new StepLR(opt, 1, 0.5), true)));
    assertEquals(0.1 / 16, opt.paramGroups().getFirst().get("lr"), 1e-15, "4 batch steps");
  }

  @Test
  void reduceLrOnPlateauCutsTheRateAfterPatience() {
    Linear net = new Linear(1, 1, true, new Generator(1));
    Model m = new Model(net);
    m.compile(new SGD(net.parameters(), 1e-6), new MSELoss()); // the loss barely moves
    Tensor[] d = line(8);
    History h =
        m.fit(
            d[0],
            d[1],
            8,
            new FitOptions()
                .epochs(4)
                .verbose(0)
                .callbacks(new ReduceLROnPlateau("loss").factor(0.5).patience(1)));
    // reduced at the end of epoch 2 (the second epoch without improvement beyond patience 1)
    assertEquals(List.of(1e-6, 1e-6, 1e-6, 5e-7), h.get("lr"));
  }

  @Test
  void monitoringAMissingKeyNamesTheAvailableOnes() {
    Linear net = new Linear(1, 1, true, new Generator(1));
    Model m = new Model(net);
    m.compile(new SGD(net.parameters(), 0.1), new MSELoss());
    Tensor[] d = line(8);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                m.fit(
                    d[0],
                    d[1],
                    8,
                    new FitOptions().verbose(0).callbacks(new EarlyStopping("val_loss", 2))));
    assertTrue(
        e.getMessage().contains("'val_loss'") && e.getMessage().contains("[loss]"), e.getMessage());
    assertTrue(e.getMessage().contains("need validation data"), e.getMessage());
  }

  @Test
  void terminateOnNaNStopsAtTheFirstBadBatch() {
    Linear net = new Linear(1, 1, true, new Generator(1));
    Model m = new Model(net);
    m.compile(new SGD(net.parameters(), 0.1), new MSELoss());
    Tensor[] d = line(8);
    Tensor x = d[0].clone();
    x.narrow(0, 4, 1).fill_(Double.NaN);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TerminateOnNaN t = new TerminateOnNaN(new PrintStream(bytes, true));
    History h =
        m.fit(x, d[1], 4, new FitOptions().epochs(5).shuffle(false, 0).verbose(0).callbacks(t));
    assertEquals(1, t.terminatedBatch());
    assertEquals(List.of(0), h.epochs());
    assertTrue(bytes.toString().contains("Batch 1: invalid loss NaN"), bytes.toString());
  }

  @Test
  void filenameTemplates() {
    FilenameTemplate t = new FilenameTemplate("ckpt-{epoch:02d}-{val_loss:.4f}.safetensors");
    assertEquals("ckpt-07-0.1235.safetensors", t.format(6, Map.of("val_loss", 0.123456)));
    assertEquals("e3.bin", new FilenameTemplate("e{epoch}.bin").format(2, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new FilenameTemplate("x-{loss:.4q}"));
    assertThrows(IllegalArgumentException.class, () -> new FilenameTemplate("x-{loss"));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> t.format(0, Map.of("loss", 1.0)));
    assertTrue(e.getMessage().contains("val_loss"), e.getMessage());
  }

  @Test
  void modelCheckpointEveryNEpochs() {
    Linear net = new Linear(1, 1, true, new Generator(1));
    Model m = new Model(net);
    m.compile(new SGD(net.parameters(), 0.1), new MSELoss());
    Tensor[] d = line(8);
    ModelCheckpoint c =
        new ModelCheckpoint(dir.resolve("w-{epoch}.safetensors"))
            .monitor("loss", Mode.MIN)
            .everyEpochs(2);
    m.fit(d[0], d[1], 8, new FitOptions().epochs(5).verbose(0).callbacks(c));
    assertTrue(Files.exists(dir.resolve("w-2.safetensors")));
    assertTrue(Files.exists(dir.resolve("w-4.safetensors")));
    assertEquals(2, dir.toFile().list((f, n) -> n.endsWith(".safetensors")).length);
  }

  private static List<Event> events(Path runDir) throws IOException {
    List<Event> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(runDir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("events.")).toList()) {
        all.addAll(EventFileReader.readAll(f));
      }
    }
    return all;
  }

  private static List<String> tags(List<Event> events) {
    List<String> out = new ArrayList<>();
    for (Event e : events) {
      for (Summary.Value v : e.getSummary().getValueList()) {
        out.add(v.getTag() + "@" + e.getStep());
      }
    }
    return out;
  }

  @Test
  void tensorBoardWritesScalarsHistogramsAndTheGraph() throws IOException {
    Sequential net =
        new Sequential(
            new Linear(1, 4, true, new Generator(1)),
            new ReLU(),
            new Linear(4, 1, true, new Generator(2)));
    Model m = new Model(net);
    m.compile(new SGD(net.parameters(), 0.1), new MSELoss());
    Tensor[] d = line(8);
    m.fit(
        d[0],
        d[1],
        4,
        new FitOptions()
            .epochs(2)
            .verbose(0)
            .validationData(d[0], d[1], 8)
            .callbacks(new TensorBoard(dir).histogramFreq(2).updateFreq(1)));
    List<Event> train = events(dir.resolve("train"));
    List<String> trainTags = tags(train);
    assertTrue(
        trainTags.containsAll(
            List.of("epoch_loss@0", "epoch_loss@1", "batch_loss@1", "batch_loss@4")),
        trainTags.toString());
    assertTrue(
        trainTags.contains("0.weight@1") && !trainTags.contains("0.weight@0"),
        trainTags.toString());
    List<String> valTags = tags(events(dir.resolve("validation")));
    assertTrue(valTags.containsAll(List.of("epoch_loss@0", "epoch_loss@1")), valTags.toString());
    Event graphEvent = train.stream().filter(Event::hasGraphDef).findFirst().orElseThrow();
    GraphDescription g =
        GraphDescription.fromGraphDef(GraphDef.parseFrom(graphEvent.getGraphDef()));
    List<String> names = g.nodes().stream().map(GraphDescription.Node::name).toList();
    assertEquals(List.of("input", "Sequential/0", "Sequential/1", "Sequential/2", "output"), names);
    assertEquals("Linear", g.nodes().get(1).op());
    assertEquals(List.of("Sequential/1"), g.nodes().get(3).inputs());
    assertEquals(
        List.of(4, 4),
        List.of(g.nodes().get(2).outputShape()[0], g.nodes().get(2).outputShape()[1]));
  }
}
