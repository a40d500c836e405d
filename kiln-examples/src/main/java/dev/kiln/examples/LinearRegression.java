package dev.kiln.examples;

import dev.kiln.nn.Linear;
import dev.kiln.nn.MSELoss;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * The "hello world" of training: fit {@code y = 3x + 2} from 100 noisy points with one {@link
 * Linear} layer, mean squared error and plain gradient descent.
 *
 * <pre>
 * {@code ./mvnw -q -pl kiln-examples -am compile exec:java -Dexec.mainClass=dev.kiln.examples.LinearRegression}
 * </pre>
 */
public final class LinearRegression {
  private LinearRegression() {}

  /** The learned slope and intercept. */
  public record Fit(double slope, double intercept, double loss) {}

  /** Fits for 200 steps and prints the learned line. */
  public static void main(String[] args) {
    Fit fit = fit(200, 0);
    System.out.printf(
        "learned y = %.3f x + %.3f (true: y = 3 x + 2), final loss %.5f%n",
        fit.slope(), fit.intercept(), fit.loss());
  }

  /** Fits {@code steps} full-batch gradient steps on data drawn from {@code seed}. */
  public static Fit fit(int steps, long seed) {
    Generator g = new Generator(seed);
    Tensor x = Tensor.rand(g, 100, 1).mul(4).sub(2); // x in [-2, 2)
    Tensor y = x.mul(3).add(2).add(Tensor.randn(g, 100, 1).mul(0.1));

    Linear model = new Linear(1, 1, true, g);
    SGD optimizer = new SGD(model.parameters(), 0.1);
    MSELoss mse = new MSELoss();
    Tensor loss = null;
    for (int step = 0; step < steps; step++) {
      optimizer.zeroGrad();
      loss = mse.forward(model.call(x), y);
      loss.backward();
      optimizer.step();
    }
    return new Fit(
        model.namedParameters().get("weight").item(),
        model.namedParameters().get("bias").item(),
        loss.item());
  }
}
