package dev.kiln.backend.cpu.conv;

import dev.kiln.backend.cpu.CpuKernelsProvider;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Picks a kernel's Vector API implementation, loaded by name (the vector package is optional), when
 * the Vector API kernels are in use ({@link CpuKernelsProvider}), else its plain-Java twin.
 */
final class VectorChoice {
  private VectorChoice() {}

  /** An instance of {@code className} (no-arg constructor) as {@code type}, or {@code scalar}. */
  static <T> T vectorOr(Class<T> type, String className, T scalar) {
    if (!CpuKernelsProvider.get().getClass().getName().startsWith("dev.kiln.backend.cpu.vector")) {
      return scalar;
    }
    try {
      Class<?> cls = Class.forName(className);
      return type.cast(
          MethodHandles.lookup().findConstructor(cls, MethodType.methodType(void.class)).invoke());
    } catch (Throwable e) {
      return scalar;
    }
  }
}
