package dev.kiln.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensorboard.proto.Event;
import dev.kiln.tensorboard.proto.GraphDef;
import dev.kiln.tensorboard.proto.HistogramProto;
import dev.kiln.tensorboard.proto.Layout;
import dev.kiln.tensorboard.proto.PrCurvePluginData;
import dev.kiln.tensorboard.proto.Summary;
import dev.kiln.tensorboard.proto.TextPluginData;
import dev.kiln.tensorboard.proto.hparams.HParamsPluginData;
import dev.kiln.tensorboard.proto.hparams.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every {@code add*} call round-trips through the event file and {@link EventFileReader}. */
class SummaryWriterTest {
  @TempDir Path dir;

  @Test
  void firstRecordIsTheFileVersionAndFileNameFollowsTensorBoard() throws Exception {
    try (SummaryWriter w = new SummaryWriter(dir)) {
      w.flush();
      Path file = EventFiles.only(dir);
      String pid = Long.toString(ProcessHandle.current().pid());
      assertTrue(
          file.getFileName()
              .toString()
              .matches("events\\.out\\.tfevents\\.\\d{10}\\..+\\." + pid + "\\.\\d+"),
          file.toString());
      Event first = EventFileReader.readAll(file).getFirst();
      assertEquals("brain.Event:2", first.getFileVersion());
      assertTrue(first.getWallTime() > 1.6e9, "wall time " + first.getWallTime());
    }
  }

  @Test
  void scalarsKeepValueStepAndWallTime() {
    try (SummaryWriter w = new SummaryWriter(dir)) {
      for (int step = 0; step < 5; step++) {
        w.addScalar("loss", 1.0 / (step + 1), step);
      }
      w.addScalar("lr", 0.125, 7, 1234.5);
    }
    List<Event> events = EventFiles.events(dir);
    assertEquals(6, events.size());
    for (int step = 0; step < 5; step++) {
      Event e = events.get(step);
      assertEquals(step, e.getStep());
      assertTrue(e.getWallTime() > 1.6e9);
      assertEquals("loss", EventFiles.value(e).getTag());
      assertEquals((float) (1.0 / (step + 1)), EventFiles.value(e).getSimpleValue());
    }
    assertEquals(1234.5, events.get(5).getWallTime());
    assertEquals(7, events.get(5).getStep());
    assertEquals(0.125f, EventFiles.value(events.get(5)).getSimpleValue());
  }

  @Test
  void addScalarsWritesOneChildRunPerKey() {
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("train", 0.5);
    values.put("val", 0.75);
    try (SummaryWriter w = new SummaryWriter(dir)) {
      w.addScalars("run/loss", values, 3);
    }
    for (var e : values.entrySet()) {
      List<Event> events = EventFiles.events(dir.resolve("run_loss_" + e.getKey()));
      assertEquals(1, events.size());
      assertEquals("run/loss", EventFiles.value(events.getFirst()).getTag());
      assertEquals(e.getValue().floatValue(), EventFiles.value(events.getFirst()).getSimpleValue());
      assertEquals(3, events.getFirst().getStep());
    }
  }

  @Test
  void histogramStatisticsAndBucketsMatchTheValues() {
    double[] values = {-2.5, -1e-3, 0, 0, 0.5, 0.5, 0.51, 3, 1e6, Double.NaN};
    try (SummaryWriter w = new SummaryWriter(dir)) {
      w.addHistogram("w", Tensor.of(values), 4);
      w.addHistogram("raw", new double[] {1, 2}, 5);
      w.addHistogram("f32", Tensor.of(values).to(DType.FLOAT32), 6);
      assertThrows(IllegalArgumentException.class, () -> w.addHistogram("e", new double[0], 0));
    }
    List<Event> events = EventFiles.events(dir);
    HistogramProto h = EventFiles.value(events.get(0)).getHisto();
    assertEquals(4, events.get(0).getStep());
    assertEquals(9, h.getNum());
    assertEquals(-2.5, h.getMin());
    assertEquals(1e6, h.getMax());
    double sum = 0;
    double sumSquares = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        sum += v;
        sumSquares += v * v;
      }
    }
    assertEquals(sum, h.getSum());
    assertEquals(sumSquares, h.getSumSquares());
    // Every value lies in its bucket [limit[i-1], limit[i]), and the counts add up.
    double[] expected = new double[h.getBucketCount()];
    for (double v : values) {
      if (Double.isNaN(v)) {
        continue;
      }
      int i = 0;
      while (!(v < h.getBucketLimit(i))) {
        i++;
      }
      expected[i]++;
    }
    double[] counts = h.getBucketList().stream().mapToDouble(Double::doubleValue).toArray();
    assertArrayEquals(expected, counts);
    assertTrue(counts[0] > 0 && counts[counts.length - 1] > 0, "edge buckets are non-empty");
    assertEquals(2, EventFiles.value(events.get(1)).getHisto().getNum());
    double[] asFloat32 = Tensor.of(values).to(DType.FLOAT32).toDoubleArray();
    assertEquals(
        Histograms.of(asFloat32),
        EventFiles.value(events.get(2)).getHisto(),
        "a float32 tensor gives the histogram of its values in double");
  }

  @Test
  void histogramRawIsKeptAsGiven() {
    try (SummaryWriter w = new SummaryWriter(dir)) {
      w.addHistogramRaw("h", 0, 3, 6, 9, 17, new double[] {1, 2, 3}, new double[] {1, 2, 3}, 1);
      assertThrows(
          IllegalArgumentException.class,
          () -> w.addHistogramRaw("h", 0, 1, 1, 1, 1, new double[] {1}, new double[0], 1));
    }
    HistogramProto h = EventFiles.value(EventFiles.events(dir).getFirst()).getHisto();
    assertEquals(List.of(1.0, 2.0, 3.0), h.getBucketLimitList());
    assertEquals(17, h.getSumSquares());
  }

  @Test
  void textGoesToTheTextPlugin() throws Exception {
    try (SummaryWriter w = new SummaryWriter(dir)) {
      w.addText("notes", "**bold** é", 2);
    }
    Summary.Value v = EventFiles.value(EventFiles.events(dir).getFirst());
    assertEquals("notes/text_summary", v.getTag());
    assertEquals("text", v.getMetadata().getPluginData().getPluginName());
    assertEquals(
        0, TextPluginData.parseFrom(v.getMetadata().getPluginData().getContent()).getVersion());
    assertEquals("**bold** é", v.getTensor().getStringVal(0).toString(StandardCharsets.UTF_8));
  }

  @Test
  void hparamsWriteTheSessionRecordsAndMetricsToAChildRun() throws Exception {
    Map<String, Object> hp = new LinkedHashMap<>();
    hp.put("lr", 0.01);
    hp.put("optimizer", "adam");
    hp.put("nesterov", true);
    try (SummaryWriter w = new SummaryWriter(dir)) {
      w.addHparams(
          hp,
          Map.of("hparam/accuracy", 0.9),
          Map.of("optimizer", List.of("adam", "sgd")),
          "trial1",
          0);
      assertThrows(
          IllegalArgumentException.class, () -> w.addHparams(Map.of("x", new Object()), Map.of()));
    }
    List<Event> events = EventFiles.events(dir.resolve("trial1"));
    assertEquals(4, events.size());
    List<String> tags = new ArrayList<>();
    for (Event e : events) {
      tags.add(EventFiles.value(e).getTag());
    }
    assertEquals(
        List.of(
            "_hparams_/experiment",
            "_hparams_/session_start_info",
            "_hparams_/session_end_info",
            "hparam/accuracy"),
        tags);
    HParamsPluginData exp = hparamsData(events.get(0));
    assertEquals(3, exp.getExperiment().getHparamInfosCount());
    assertEquals("hparam/accuracy", exp.getExperiment().getMetricInfos(0).getName().getTag());
    var optimizerInfo =
        exp.getExperiment().getHparamInfosList().stream()
            .filter(i -> i.getName().equals("optimizer"))
            .findFirst()
            .orElseThrow();
    assertEquals(2, optimizerInfo.getDomainDiscrete().getValuesCount());
    var ssi = hparamsData(events.get(1)).getSessionStartInfo();
    assertEquals(0.01, ssi.getHparamsOrThrow("lr").getNumberValue());
    assertEquals("adam", ssi.getHparamsOrThrow("optimizer").getStringValue());
    assertTrue(ssi.getHparamsOrThrow("nesterov").getBoolValue());
    assertEquals(Status.STATUS_SUCCESS, hparamsData(events.get(2)).getSessionEndInfo().getStatus());
    assertEquals(0.9f, EventFiles.value(events.get(3)).getSimpleValue());
  }

  private static HParamsPluginData hparamsData(Event e) throws Exception {
    Summary.Value v = EventFiles.value(e);
    assertEquals("hparams", v.getMetadata().getPluginData().getPluginName());
    assertEquals(0, v.getTensor().getTensorShape().getDim(0).getSize());
    return HParamsPluginData.parseFrom(v.getMetadata().getPluginData().getContent());
  }

  @Test
  void prCurveTableIsConsistent() throws Exception {
    Tensor labels = Tensor.of(new boolean[] {true, false, true, true, false});
    Tensor predictions = Tensor.of(new double[] {0.9, 0.1, 0.6, 0.4, 0.7});
    try (SummaryWriter w = new SummaryWriter(dir)) {
      w.addPrCurve("pr", labels, predictions, 1, 5);
      assertThrows(
          IllegalArgumentException.class, () -> w.addPrCurve("pr", labels, Tensor.of(0.5), 1));
    }
    Summary.Value v = EventFiles.value(EventFiles.events(dir).getFirst());
    assertEquals("pr_curves", v.getMetadata().getPluginData().getPluginName());
    assertEquals(
        5,
        PrCurvePluginData.parseFrom(v.getMetadata().getPluginData().getContent())
            .getNumThresholds());
    assertEquals(6, v.getTensor().getTensorShape().getDim(0).getSize());
    List<Float> t = v.getTensor().getFloatValList();
    assertEquals(30, t.size());
    // Threshold 0: everything is predicted positive.
    assertEquals(
        List.of(3f, 2f, 0f, 0f, 0.6f, 1f),
        List.of(t.get(0), t.get(5), t.get(10), t.get(15), t.get(20), t.get(25)));
    for (int k = 0; k < 5; k++) {
      assertEquals(3f, t.get(k) + t.get(15 + k), "tp + fn at threshold " + k);
      assertEquals(2f, t.get(5 + k) + t.get(10 + k), "fp + tn at threshold " + k);
    }
  }

  @Test
  void customScalarsLayoutRoundTrips() throws Exception {
    CustomScalarLayout layout =
        new CustomScalarLayout()
            .multiline("Training", "loss", "loss/train", "loss/val")
            .margin("Training", "acc", "acc/mean", "acc/low", "acc/high");
    try (SummaryWriter w = new SummaryWriter(dir)) {
      w.addCustomScalars(layout);
    }
    Summary.Value v = EventFiles.value(EventFiles.events(dir).getFirst());
    assertEquals("custom_scalars__config__", v.getTag());
    assertEquals("custom_scalars", v.getMetadata().getPluginData().getPluginName());
    Layout read = Layout.parseFrom(v.getTensor().getStringVal(0));
    assertEquals(layout.toLayout(), read);
    assertEquals(2, read.getCategory(0).getChartCount());
  }

  @Test
  void graphRoundTrips() throws Exception {
    GraphDescription graph =
        new GraphDescription(
            List.of(
                GraphDescription.Node.input("input", new int[] {8, 784}, DType.FLOAT32),
                new GraphDescription.Node(
                    "fc1/linear",
                    "aten::linear",
                    List.of("input"),
                    new int[] {8, 128},
                    DType.FLOAT32,
                    "{out_features : 128}"),
                new GraphDescription.Node(
                    "fc1/relu", "aten::relu", List.of("fc1/linear"), null, null, "")));
    try (SummaryWriter w = new SummaryWriter(dir)) {
      w.addGraph(graph);
    }
    Event e = EventFiles.events(dir).getFirst();
    GraphDef def = GraphDef.parseFrom(e.getGraphDef());
    assertEquals(GraphDescription.PRODUCER_VERSION, def.getVersions().getProducer());
    assertEquals(graph, GraphDescription.fromGraphDef(def));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new GraphDescription(
                List.of(new GraphDescription.Node("a", "op", List.of("missing"), null, null, ""))));
  }

  @Test
  void embeddingWritesProjectorFiles() throws Exception {
    Tensor mat = Tensor.of(new float[][] {{1, 2.5f}, {-3, 4}, {0, 0.125f}});
    try (SummaryWriter w = new SummaryWriter(dir)) {
      w.addEmbedding(mat, List.of("a", "b", "c"), "words", 7);
      assertThrows(
          IllegalArgumentException.class, () -> w.addEmbedding(mat, List.of("a"), "words", 8));
    }
    Path sub = dir.resolve("00007/words");
    assertEquals(
        List.of("1.0\t2.5", "-3.0\t4.0", "0.0\t0.125"),
        Files.readAllLines(sub.resolve("tensors.tsv")));
    assertEquals(List.of("a", "b", "c"), Files.readAllLines(sub.resolve("metadata.tsv")));
    assertEquals(
        "embeddings {\n  tensor_name: \"words:00007\"\n  tensor_path: \"00007/words/tensors.tsv\"\n"
            + "  metadata_path: \"00007/words/metadata.tsv\"\n}\n",
        Files.readString(dir.resolve("projector_config.pbtxt")));
  }

  @Test
  void writeFailuresAreReportedNotThrownAndNotOncePerRecord() throws Exception {
    Path notADir = Files.writeString(dir.resolve("occupied"), "x");
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    try (SummaryWriter w = SummaryWriter.builder(notADir).onError(errors::add).build()) {
      for (int step = 0; step < 100; step++) {
        w.addScalar("loss", 1, step);
      }
      w.flush();
      assertEquals(2, errors.size(), "the first failure, then a count: " + errors);
      assertTrue(
          errors.get(1).getMessage().startsWith("100 more records for " + notADir),
          errors.get(1).getMessage());
      w.addText("notes", "x", 0);
    }
    assertEquals(3, errors.size(), "the failure after the flush is reported: " + errors);
    for (Throwable e : errors) {
      assertTrue(e.getMessage().contains(notADir.toString()), e.getMessage());
    }
  }

  @Test
  void closedWriterRejectsRecords() {
    SummaryWriter w = new SummaryWriter(dir);
    w.close();
    w.close();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> w.addScalar("x", 1, 0));
    assertTrue(e.getMessage().contains(dir.toString()));
  }

  @Test
  void manyThreadsThroughATinyQueueLoseNothing() throws Exception {
    int threads = 4;
    int perThread = 500;
    try (SummaryWriter w = SummaryWriter.builder(dir).maxQueue(2).maxQueueBytes(1024).build()) {
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String tag = "t" + t;
        workers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int i = 0; i < perThread; i++) {
                        w.addScalar(tag, i, i);
                        if (i % 100 == 0) {
                          w.addHistogram(tag + "/h", new double[300], i);
                        }
                      }
                    }));
      }
      for (Thread t : workers) {
        t.join();
      }
      w.flush();
      assertEquals(threads * (perThread + 5), EventFiles.events(dir).size());
    }
  }
}
