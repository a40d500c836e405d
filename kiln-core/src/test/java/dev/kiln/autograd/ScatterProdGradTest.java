package dev.kiln.autograd;

import dev.kiln.ops.IndexOps.ScatterReduce;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * scatter with reduce PROD at zero factors, where "divide the product by the factor" fails: the op
 * is multilinear in its factors, so central differences are exact there and gradcheck is a sharp
 * oracle. Position 0 receives one zero factor, position 1 two, position 2 none.
 */
class ScatterProdGradTest {
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void zeroFactorsGetTheProductOfTheOthers(boolean includeSelf) {
    Tensor self = Tensor.of(new double[] {2, 0, 3, 5});
    Tensor src = Tensor.of(new double[] {0, 1.5, 0, -2, 4});
    Tensor index = Tensor.of(new long[] {0, 0, 1, 2, 2});
    Tensor[] inputs = {self.requiresGrad_(true), src.requiresGrad_(true)};
    java.util.function.Function<Tensor[], Tensor[]> fn =
        x -> new Tensor[] {x[0].scatter(0, index, x[1], ScatterReduce.PROD, includeSelf)};
    GradCheck.gradcheck(fn, inputs);
  }
}
