package dev.kiln.errors;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * One test per class of user error: the exception is a standard Java one and its message names the
 * op and the offending shapes or values, so the user can fix the call without a debugger.
 */
class ErrorMessagesTest {
  /** Runs {@code call}, expecting {@code type}, and checks the message contains every fragment. */
  private static void assertMessage(
      Class<? extends RuntimeException> type, Executable call, String... fragments) {
    String message = assertThrows(type, call).getMessage();
    for (String f : fragments) {
      assertTrue(message.contains(f), "message <" + message + "> should contain <" + f + ">");
    }
  }

  private static Tensor matrix() {
    return Tensor.zeros(2, 3);
  }

  @Test
  void shapesThatDoNotBroadcast() {
    assertMessage(
        IllegalArgumentException.class,
        () -> matrix().add(Tensor.zeros(4)),
        "add: shapes [2, 3] and [4] cannot be broadcast",
        "size 3 vs 4 at dimension 1");
    assertMessage(
        IllegalArgumentException.class,
        () -> matrix().add_(Tensor.zeros(4, 2, 3)),
        "add_",
        "[2, 3]",
        "[4, 2, 3]");
  }

  @Test
  void dimensionsOutOfRange() {
    assertMessage(
        IndexOutOfBoundsException.class,
        () -> matrix().sum(5),
        "sum: dimension out of range",
        "[-2, 1]",
        "got 5");
    assertMessage(
        IndexOutOfBoundsException.class,
        () -> matrix().transpose(0, -3),
        "transpose: dimension out of range",
        "got -3");
    assertMessage(
        IndexOutOfBoundsException.class,
        () -> matrix().unsqueeze(3),
        "unsqueeze: dimension out of range",
        "[-3, 2]",
        "got 3");
    assertMessage(
        IndexOutOfBoundsException.class,
        () -> Tensor.scalar(1).size(0),
        "size: dimension specified as 0 but tensor has no dimensions");
    assertMessage(
        IllegalArgumentException.class,
        () -> matrix().permute(0, 0),
        "permute: dim 0 appears multiple times");
  }

  @Test
  void wrongDtypeForTheOp() {
    assertMessage(
        IllegalArgumentException.class,
        () -> dev.kiln.ops.BinaryOps.BITWISE_AND.apply(matrix(), matrix()),
        "bitwiseAnd",
        "float32");
    assertMessage(
        IllegalArgumentException.class,
        () -> Tensor.zeros(DType.INT64, 2).requiresGrad_(true),
        "requiresGrad_",
        "int64");
  }

  @Test
  void indicesOutOfBounds() {
    assertMessage(
        IndexOutOfBoundsException.class,
        () -> matrix().select(0, 5),
        "select: index 5 out of range",
        "[2, 3]",
        "dimension 0");
    assertMessage(
        IndexOutOfBoundsException.class,
        () -> matrix().narrow(1, 2, 2),
        "narrow: start (2) + length (2) exceeds dimension size (3)",
        "[2, 3]");
    assertMessage(
        IndexOutOfBoundsException.class,
        () -> matrix().get(1, 3),
        "get: index 3 is out of bounds for dimension 1 with size 3",
        "[2, 3]");
    assertMessage(
        IllegalArgumentException.class,
        () -> matrix().get(1),
        "get: expected 2 indices for shape [2, 3], got 1");
  }

  @Test
  void viewsThatCannotExist() {
    assertMessage(
        IllegalStateException.class,
        () -> matrix().t().view(6),
        "view: size [6] is not compatible",
        "size [3, 2] and stride [1, 3]",
        "reshape");
    assertMessage(
        IllegalArgumentException.class,
        () -> matrix().expand(2, 2),
        "expand: the expanded size of the tensor (2) must match the existing size (3)",
        "Target sizes: [2, 2]",
        "Tensor sizes: [2, 3]");
    assertMessage(
        IllegalArgumentException.class,
        () -> matrix().expand(3),
        "expand: the number of sizes provided (1)",
        "(2)");
    assertMessage(
        IndexOutOfBoundsException.class,
        () -> matrix().asStrided(new int[] {2, 3}, new int[] {3, 1}, 1),
        "asStrided: sizes [2, 3], strides [3, 1] and storage offset 1",
        "storage of 7 elements",
        "has 6");
    assertMessage(
        IllegalArgumentException.class,
        () -> matrix().reshape(4),
        "reshape: shape [4] is invalid for input of size 6");
    assertMessage(
        IllegalArgumentException.class,
        () -> matrix().reshape(-1, -1),
        "reshape: only one dimension can be inferred",
        "[-1, -1]");
    assertMessage(
        IllegalArgumentException.class,
        () -> matrix().view(4, -1),
        "view: shape [4, -1] is invalid for input of size 6");
    assertMessage(
        IllegalArgumentException.class,
        () -> matrix().unflatten(1, 2, 2),
        "unflatten: shape [2, 2] is invalid for input of size 3 (dim 1 of shape [2, 3])");
  }

  @Test
  void slicingArgumentsThatMakeNoSense() {
    assertMessage(
        IllegalArgumentException.class,
        () -> matrix().slice(1, 0, 3, 0),
        "slice: step must be greater than zero, got 0");
    assertMessage(
        IllegalArgumentException.class,
        () -> matrix().unfold(1, 4, 1),
        "unfold: maximum size for tensor at dimension 1 is 3 but size is 4");
    assertMessage(
        IllegalArgumentException.class,
        () -> matrix().diagonal(0, 1, -1),
        "diagonal: dimensions cannot be identical 1, -1",
        "[2, 3]");
    assertMessage(
        IllegalArgumentException.class,
        () -> Tensor.zeros(2, 3, 4).t(),
        "t: expects a tensor with <= 2 dimensions, but self is 3D");
  }

  @Test
  void itemOfAManyElementTensor() {
    assertMessage(
        IllegalStateException.class, () -> matrix().item(), "item", "6 elements", "[2, 3]");
  }
}
