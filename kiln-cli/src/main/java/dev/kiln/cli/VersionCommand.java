package dev.kiln.cli;

import dev.kiln.Kiln;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kiln version}: Kiln's version and what it runs on (JDK, kernels, threads). */
@Command(name = "version", description = "Print Kiln's version and system information.")
final class VersionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    for (String line : lines()) {
      out.println(line);
    }
    out.flush();
    return 0;
  }

  /** Kiln's version, from the jar manifest ("dev" when run from classes). */
  static String kilnVersion() {
    String v = KilnCommand.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  static String[] lines() {
    Runtime.Version jdk = Runtime.version();
    boolean vector = Kiln.cpuKernels().equals("vector");
    return new String[] {
      "kiln " + kilnVersion(),
      "JDK:        "
          + jdk
          + " ("
          + System.getProperty("java.vendor")
          + ", "
          + System.getProperty("java.home")
          + ")",
      "OS:         "
          + System.getProperty("os.name")
          + " "
          + System.getProperty("os.version")
          + " "
          + System.getProperty("os.arch"),
      "CPU cores:  " + Runtime.getRuntime().availableProcessors(),
      "threads:    " + Kiln.getNumThreads(),
      "Vector API: "
          + (vector
              ? "on (vector kernels)"
              : "off (plain-Java kernels; start Java with --add-modules jdk.incubator.vector)"),
      "GEMM:       " + Kiln.gemm(),
      "max heap:   " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB"
    };
  }

  /** Supplies {@code kiln --version}. */
  static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return lines();
    }
  }
}
