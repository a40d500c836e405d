package dev.kiln.nn;

import dev.kiln.nn.NnFixtures.Case;
import dev.kiln.tensor.Generator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The nn fixture table of the activation modules added for issue #5 (see {@link NnFixtures}); the
 * inputs are scaled wide enough to reach each activation's kinks and saturated parts.
 */
class NnFixturesActivationsTest {
  static final Map<String, Case> CASES = new LinkedHashMap<>();

  static {
    CASES.put("mish", Case.of(Mish::new));
    CASES.put("hardswish", Case.of(Hardswish::new));
    CASES.put("hardsigmoid", Case.of(Hardsigmoid::new));
    CASES.put("prelu", Case.of(PReLU::new));
    CASES.put("prelu_channels", Case.of(() -> new PReLU(3, 0.25)));
    CASES.put("relu6", Case.of(ReLU6::new));
    CASES.put("selu", Case.of(SELU::new));
    CASES.put("celu", Case.of(() -> new CELU(0.7)));
    CASES.put("glu", Case.of(GLU::new));
    CASES.put("glu_dim0", Case.of(() -> new GLU(0)));
    CASES.put("hardtanh", Case.of(() -> new Hardtanh(-0.5, 1.5)));
    CASES.put("softplus", Case.of(() -> new Softplus(2, 3)));
    CASES.put("softsign", Case.of(Softsign::new));
    CASES.put("softshrink", Case.of(() -> new Softshrink(0.7)));
    CASES.put("hardshrink", Case.of(() -> new Hardshrink(0.7)));
    CASES.put("tanhshrink", Case.of(Tanhshrink::new));
    CASES.put("log_sigmoid", Case.of(LogSigmoid::new));
    CASES.put("softmin", Case.of(() -> new Softmin(1)));
    CASES.put("softmax2d", Case.of(Softmax2d::new));
    CASES.put("threshold", Case.of(() -> new Threshold(0.1, -2.0)));
    CASES.put("rrelu_eval", Case.eval(() -> new RReLU(0.1, 0.3, new Generator(7))));
  }

  static Stream<String> cases() {
    return CASES.keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPyTorch(String name) throws Exception {
    NnFixtures.check(name, CASES.get(name));
  }
}
