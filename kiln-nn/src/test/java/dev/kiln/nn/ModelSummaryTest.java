package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Module.summary: the exact table, and a dry run that leaves no trace. */
class ModelSummaryTest {
  private static Module cnn() {
    Map<String, Module> layers = new LinkedHashMap<>();
    layers.put("features", new Sequential(new Conv2d(1, 2, 3), new ReLU(), new MaxPool2d(2)));
    layers.put("flatten", new Flatten());
    layers.put("head", new Linear(18, 3));
    return new Sequential(layers);
  }

  @Test
  void tableOfANestedModel() {
    Module m = cnn();
    m.namedParameters().get("head.bias").requiresGrad_(false);
    assertEquals(
        """
        Layer (type)             Output Shape  Param #
        ==============================================
        Sequential               [2, 3]             --
          features (Sequential)  [2, 2, 3, 3]       --
            0 (Conv2d)           [2, 2, 6, 6]       20
            1 (ReLU)             [2, 2, 6, 6]       --
            2 (MaxPool2d)        [2, 2, 3, 3]       --
          flatten (Flatten)      [2, 18]            --
          head (Linear)          [2, 3]             57
        ==============================================
        Total params: 77
        Trainable params: 74
        Non-trainable params: 3
        """,
        m.summary(2, 1, 8, 8));
  }

  @Test
  void largeCountsGetThousandsSeparators() {
    Module m = new Sequential(new Linear(784, 512), new ReLU(), new Linear(512, 10));
    assertEquals(
        """
        Layer (type)  Output Shape  Param #
        ===================================
        Sequential    [1, 10]            --
          0 (Linear)  [1, 512]      401,920
          1 (ReLU)    [1, 512]           --
          2 (Linear)  [1, 10]         5,130
        ===================================
        Total params: 407,050
        Trainable params: 407,050
        Non-trainable params: 0
        """,
        m.summary(1, 784));
  }

  @Test
  void aFailingDryRunRemovesItsHooksAndRestoresTheModes() {
    Generator g = new Generator(3);
    Module m = new Sequential(new Linear(4, 3), new BatchNorm1d(3), new Dropout(0.5, g));
    Tensor runningMean = m.namedBuffers().get("1.running_mean").clone();
    assertThrows(IllegalArgumentException.class, () -> m.summary(2, 5));
    for (Module sub : m.modules()) {
      assertFalse(sub.hasForwardHooks(), sub.toString());
      assertTrue(sub.isTraining());
    }
    m.summary(2, 4);
    for (Module sub : m.modules()) {
      assertFalse(sub.hasForwardHooks(), sub.toString());
      assertTrue(sub.isTraining());
    }
    assertArrayEquals(
        runningMean.toFloatArray(), m.namedBuffers().get("1.running_mean").toFloatArray());
    assertEquals(0, g.offset(), "the dry run drew random numbers");
  }
}
