package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Linalg;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Linear algebra refuses bad input with messages that name the op, the shapes and the cause. */
class LinalgErrorsTest {
  private static void fails(Class<? extends Exception> type, String message, Executable call) {
    assertEquals(message, assertThrows(type, call).getMessage());
  }

  private static void refused(String message, Executable call) {
    fails(IllegalArgumentException.class, message, call);
  }

  @Test
  void productsNameTheShapes() {
    refused(
        "matmul: shapes [2, 3] and [4, 5] cannot be multiplied (3 != 4)",
        () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)));
    refused(
        "matmul: shapes [3] and [4] cannot be multiplied (3 != 4)",
        () -> Tensor.zeros(3).matmul(Tensor.zeros(4)));
    refused(
        "matmul: both arguments need to be at least 1-D, got shapes [] and [3]",
        () -> Tensor.scalar(1).matmul(Tensor.zeros(3)));
    refused(
        "matmul: shapes [2] and [3] cannot be broadcast (size 2 vs 3 at dimension 0)",
        () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)));
    refused(
        "mm: expected 2-D and 2-D operands, got shapes [2, 3, 4] and [4, 5]",
        () -> Tensor.zeros(2, 3, 4).mm(Tensor.zeros(4, 5)));
    refused(
        "bmm: batch sizes differ, shapes [2, 3, 4] and [3, 4, 5]",
        () -> Tensor.zeros(2, 3, 4).bmm(Tensor.zeros(3, 4, 5)));
    refused(
        "dot: expected 1-D tensors of one size, got shapes [3] and [4]",
        () -> Tensor.zeros(3).dot(Tensor.zeros(4)));
    refused(
        "matmul: expected both operands of one dtype, got float32 and float64",
        () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(DType.FLOAT64, 3, 2)));
    refused(
        "addmm: shapes [4] and [2, 5] cannot be broadcast (size 4 vs 5 at dimension 1)",
        () -> Tensor.zeros(4).addmm(Tensor.zeros(2, 3), Tensor.zeros(3, 5)));
    refused(
        "addmm: input of shape [3, 2, 5] cannot be broadcast to the product's shape [2, 5]",
        () -> Tensor.zeros(3, 2, 5).addmm(Tensor.zeros(2, 3), Tensor.zeros(3, 5)));
  }

  @Test
  void einsumPointsAtTheOffendingCharacter() {
    Tensor m = Tensor.zeros(2, 3);
    refused(
        "einsum: invalid subscript '1' (expected a letter, ',', '...' or '->') at position 4 in"
            + " \"ij,j1->i\"",
        () -> Tensor.einsum("ij,j1->i", m, Tensor.zeros(3, 3)));
    refused(
        "einsum: output subscript 'k' that no input has at position 4 in \"ij->k\"",
        () -> Tensor.einsum("ij->k", m));
    refused(
        "einsum: output subscript 'i' repeated at position 5 in \"ij->ii\"",
        () -> Tensor.einsum("ij->ii", m));
    refused(
        "einsum: '.' that does not start '...' at position 0 in \".ij\"",
        () -> Tensor.einsum(".ij", m));
    refused(
        "einsum: '-' not followed by '>' at position 2 in \"ij-i\"",
        () -> Tensor.einsum("ij-i", m));
    refused(
        "einsum: the equation \"ij,jk->ik\" names 2 operand(s) but 1 were given",
        () -> Tensor.einsum("ij,jk->ik", m));
    refused(
        "einsum: operand 0 has shape [2, 3] but its subscripts in \"ijk->i\" name 3 dim(s)",
        () -> Tensor.einsum("ijk->i", m));
    refused(
        "einsum: subscript 'j' of \"ij,jk->ik\" has size 3 in operand 0 but size 2 in operand 1",
        () -> Tensor.einsum("ij,jk->ik", m, m));
    refused(
        "einsum: subscript 'i' is repeated in operand 0 of \"ii\" with sizes 2 and 3",
        () -> Tensor.einsum("ii", m));
  }

  @Test
  void factorizationsNameTheFailure() {
    Tensor singular = Tensor.of(new float[][] {{1, 2}, {2, 4}});
    fails(
        ArithmeticException.class,
        "inv: input of shape [2, 2] is singular (matrix 0 has a zero pivot in column 1)",
        () -> Linalg.inv(singular));
    fails(
        ArithmeticException.class,
        "solve: input of shape [2, 2] is singular (matrix 0 has a zero pivot in column 1)",
        () -> Linalg.solve(singular, Tensor.of(1f, 2f)));
    fails(
        ArithmeticException.class,
        "cholesky: input of shape [2, 2, 2] is not positive-definite (matrix 1, leading minor of"
            + " order 2)",
        () -> Linalg.cholesky(Tensor.of(new float[][][] {{{1, 0}, {0, 1}}, {{1, 2}, {2, 1}}})));
    refused(
        "inv: expected square matrices, got shape [2, 3]", () -> Linalg.inv(Tensor.zeros(2, 3)));
    refused(
        "det: expected a float32 or float64 tensor, got int64",
        () -> Linalg.det(Tensor.zeros(DType.INT64, 2, 2)));
    refused(
        "solve: shapes [3, 3] and [2, 1] are incompatible (B needs 3 rows)",
        () -> Linalg.solve(Tensor.eye(3), Tensor.zeros(2, 1)));
    refused(
        "qr: mode must be reduced, complete or r, got \"full\"",
        () -> Linalg.qr(Tensor.eye(3), "full"));
    refused(
        "cross: expected size 3 at dim -1, got shapes [2, 4] and [2, 4]",
        () -> Tensor.zeros(2, 4).cross(Tensor.zeros(2, 4)));
  }
}
