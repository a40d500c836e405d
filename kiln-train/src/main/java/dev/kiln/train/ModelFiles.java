package dev.kiln.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.io.SafeTensors;
import dev.kiln.nn.BCELoss;
import dev.kiln.nn.BCEWithLogitsLoss;
import dev.kiln.nn.CrossEntropyLoss;
import dev.kiln.nn.HuberLoss;
import dev.kiln.nn.L1Loss;
import dev.kiln.nn.Loss;
import dev.kiln.nn.MSELoss;
import dev.kiln.nn.Module;
import dev.kiln.nn.NLLLoss;
import dev.kiln.nn.SmoothL1Loss;
import dev.kiln.optim.Adam;
import dev.kiln.optim.AdamW;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.ParamGroup;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.internal.AtomicWrites;
import dev.kiln.train.metrics.Metric;
import dev.kiln.train.metrics.MetricConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The on-disk form of a {@link Model}: a folder with {@code weights.safetensors} (the module's
 * state dict, PyTorch key names) and {@code model.json}, the compile config:
 *
 * <pre>{@code
 * {"format": "kiln-model", "version": 1, "module": "Sequential",
 *  "optimizer": {"name": "Adam", "options": {"lr": 0.01, "beta1": 0.9, ...}},
 *  "loss": "CrossEntropyLoss",
 *  "metrics": [{"name": "accuracy", "type": "SparseCategoricalAccuracy", "config": {}}]}
 * }</pre>
 *
 * <p>The module's architecture is code, so {@link #load} takes a freshly built module. The
 * optimizer is rebuilt from its first parameter group's options (SGD, Adam, AdamW; its state is not
 * saved), the loss from its kind with default options, metrics from their type and config (custom
 * ones are passed to {@code load}).
 */
public final class ModelFiles {
  /** The weights file in a model folder. */
  public static final String WEIGHTS = "weights.safetensors";

  /** The config file in a model folder. */
  public static final String CONFIG = "model.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static final Map<String, Supplier<Loss>> LOSSES =
      Map.of(
          "MSELoss", MSELoss::new,
          "L1Loss", L1Loss::new,
          "SmoothL1Loss", SmoothL1Loss::new,
          "HuberLoss", HuberLoss::new,
          "CrossEntropyLoss", CrossEntropyLoss::new,
          "NLLLoss", NLLLoss::new,
          "BCELoss", BCELoss::new,
          "BCEWithLogitsLoss", BCEWithLogitsLoss::new);

  private ModelFiles() {}

  /**
   * Writes {@code model}'s weights and compile config into {@code dir} (created if missing), each
   * file atomically.
   *
   * @throws IllegalStateException if the model is not compiled
   */
  public static void save(Model model, Path dir) throws IOException {
    if (!model.isCompiled()) {
      throw new IllegalStateException("Model.save: compile the model before saving it");
    }
    Files.createDirectories(dir);
    Map<String, Tensor> state = new LinkedHashMap<>();
    model.module().stateDict().forEach((k, v) -> state.put(k, v.detach().contiguous()));
    SafeTensors.write(dir.resolve(WEIGHTS), state, Map.of("format", "kiln-model"));
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "kiln-model");
    root.put("version", 1);
    root.put("module", model.module().kind());
    ObjectNode opt = root.putObject("optimizer");
    opt.put("name", model.optimizer().getClass().getSimpleName());
    ObjectNode options = opt.putObject("options");
    model.optimizer().paramGroups().getFirst().options().forEach(options::put);
    root.put("loss", model.loss().kind());
    ArrayNode metrics = root.putArray("metrics");
    for (Metric m : model.metrics()) {
      ObjectNode node = metrics.addObject();
      node.put("name", m.name());
      node.put("type", m.getClass().getSimpleName());
      ObjectNode config = node.putObject("config");
      MetricConfigs.config(m).forEach(config::put);
    }
    AtomicWrites.write(dir.resolve(CONFIG), JSON.writeValueAsBytes(root));
  }

  /**
   * Loads {@code dir} into {@code module} (strictly: every key must match) and returns a model
   * compiled from the saved config. Metrics of unknown types are taken from {@code customMetrics}
   * by name.
   *
   * @throws IllegalArgumentException if the weights do not match the module, or the optimizer, loss
   *     or a metric cannot be rebuilt (the message names it)
   */
  public static Model load(Path dir, Module module, Metric... customMetrics) throws IOException {
    JsonNode root = JSON.readTree(dir.resolve(CONFIG).toFile());
    if (!"kiln-model".equals(root.path("format").asText())) {
      throw new IllegalArgumentException(
          "Model.load: " + dir.resolve(CONFIG) + " is not a kiln-model config");
    }
    Map<String, Tensor> weights = SafeTensors.read(dir.resolve(WEIGHTS)).tensors();
    try {
      module.loadStateDict(weights, true);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Model.load: " + dir.resolve(WEIGHTS) + " does not fit the module: " + e.getMessage(), e);
    }
    Optimizer optimizer = optimizer(root.path("optimizer"), module.parameters());
    String lossName = root.path("loss").asText();
    Supplier<Loss> loss = LOSSES.get(lossName);
    if (loss == null) {
      throw new IllegalArgumentException(
          "Model.load: loss '" + lossName + "' cannot be rebuilt; known: " + LOSSES.keySet());
    }
    Map<String, Metric> custom = new LinkedHashMap<>();
    for (Metric m : customMetrics) {
      custom.put(m.name(), m);
    }
    List<Metric> metrics = new ArrayList<>();
    for (JsonNode m : root.path("metrics")) {
      String name = m.path("name").asText();
      Metric given = custom.get(name);
      if (given != null) {
        metrics.add(given);
        continue;
      }
      Map<String, Double> config = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : m.path("config").properties()) {
        config.put(e.getKey(), e.getValue().asDouble());
      }
      metrics.add(MetricConfigs.create(m.path("type").asText(), name, config));
    }
    Model model = new Model(module);
    model.compile(optimizer, loss.get(), metrics.toArray(Metric[]::new));
    return model;
  }

  private static Optimizer optimizer(JsonNode node, List<Tensor> params) {
    String name = node.path("name").asText();
    JsonNode o = node.path("options");
    List<ParamGroup> groups = List.of(new ParamGroup(params));
    double lr = o.path("lr").asDouble();
    return switch (name) {
      case "SGD" ->
          new SGD(
              groups,
              lr,
              o.path("momentum").asDouble(),
              o.path("dampening").asDouble(),
              o.path("weight_decay").asDouble(),
              o.path("nesterov").asDouble() != 0,
              o.path("maximize").asDouble() != 0);
      case "Adam" ->
          new Adam(
              groups,
              lr,
              o.path("beta1").asDouble(),
              o.path("beta2").asDouble(),
              o.path("eps").asDouble(),
              o.path("weight_decay").asDouble(),
              o.path("amsgrad").asDouble() != 0,
              o.path("maximize").asDouble() != 0);
      case "AdamW" ->
          new AdamW(
              groups,
              lr,
              o.path("beta1").asDouble(),
              o.path("beta2").asDouble(),
              o.path("eps").asDouble(),
              o.path("weight_decay").asDouble(),
              o.path("amsgrad").asDouble() != 0,
              o.path("maximize").asDouble() != 0);
      default ->
          throw new IllegalArgumentException(
              "Model.load: optimizer '" + name + "' cannot be rebuilt; known: SGD, Adam, AdamW");
    };
  }
}
