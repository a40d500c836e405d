package dev.kiln.backend.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Chooses the float32 kernels once, at class initialisation (Apache Lucene's pattern): the Vector
 * API kernels when the {@code jdk.incubator.vector} module is present, otherwise the plain-Java
 * ones, with one log line naming the flag that enables the fast path. The system property {@code
 * kiln.kernels=scalar} forces the plain-Java path.
 */
public final class CpuKernelsProvider {
  private static final System.Logger LOG = System.getLogger("dev.kiln");
  private static final String VECTOR_CLASS = "dev.kiln.backend.cpu.vector.VectorCpuKernels";
  private static final CpuKernels INSTANCE = choose();

  private CpuKernelsProvider() {}

  /** The kernels chosen for this JVM. */
  public static CpuKernels get() {
    return INSTANCE;
  }

  /** The plain-Java reference kernels. */
  public static CpuKernels scalar() {
    return new ScalarCpuKernels();
  }

  /**
   * The Vector API kernels, or empty when the {@code jdk.incubator.vector} module is not present.
   */
  public static java.util.Optional<CpuKernels> vector() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return java.util.Optional.empty();
    }
    try {
      Class<?> cls = Class.forName(VECTOR_CLASS);
      Object k =
          MethodHandles.lookup().findConstructor(cls, MethodType.methodType(void.class)).invoke();
      return java.util.Optional.of((CpuKernels) k);
    } catch (Throwable e) {
      LOG.log(System.Logger.Level.WARNING, "Kiln: Vector API kernels failed to load: " + e);
      return java.util.Optional.empty();
    }
  }

  private static CpuKernels choose() {
    if ("scalar".equals(System.getProperty("kiln.kernels"))) {
      LOG.log(System.Logger.Level.INFO, "Kiln: plain-Java kernels (forced by -Dkiln.kernels)");
      return scalar();
    }
    return vector()
        .orElseGet(
            () -> {
              LOG.log(
                  System.Logger.Level.WARNING,
                  "Kiln: jdk.incubator.vector is not available; using plain-Java kernels."
                      + " Start the JVM with --add-modules jdk.incubator.vector for faster"
                      + " kernels.");
              return scalar();
            });
  }
}
