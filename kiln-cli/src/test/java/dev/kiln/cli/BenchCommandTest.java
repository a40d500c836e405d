package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Kiln;
import dev.kiln.backend.cpu.blas.NativeBlas;
import dev.kiln.bench.workloads.OpenBlasDirect;
import dev.kiln.bench.workloads.Protocol;
import dev.kiln.cli.BenchRow.Target;
import dev.kiln.cli.BenchRow.Unit;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kiln bench}: the table's shape and arithmetic, never its timings. */
class BenchCommandTest {
  @TempDir Path dir;

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cli = KilnCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int status = cli.execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void quickRunPrintsMachineLineHeaderAndOneRowPerSelectedWorkloadWithFiniteRatios()
      throws Exception {
    Path tsv = dir.resolve("bench.tsv");
    Run r =
        run(
            "bench",
            "--quick",
            "--samples",
            "2",
            "--only",
            "w1_256|w5_sum",
            "--tsv",
            tsv.toString());
    assertEquals(0, r.status(), r.err());
    String[] lines = r.out().split("\n");
    assertTrue(lines[0].startsWith("machine: "), lines[0]);
    assertTrue(lines[0].contains("GEMM: " + Kiln.gemm()), lines[0]);
    assertTrue(lines[0].contains("threads: 2"), lines[0]);
    assertTrue(lines[1].startsWith("protocol: "), lines[1]);
    assertTrue(
        lines[2].matches(
            "workload +Kiln median \\(min-max\\) +limit \\(same run\\) +ratio +target \\(issue #6\\)"
                + " +verdict"),
        lines[2]);
    assertEquals(6, lines.length, r.out());
    // W1 at 256: Kiln's C and OpenBLAS's (when loaded); W5: relu(a*b+c)
    assertTrue(lines[5].matches("checks: [23] result checks .* passed before timing.*"), lines[5]);
    String number = "\\d+\\.\\d";
    // the limit is there whenever some OpenBLAS is (Kiln's, else the bundled one); the target
    // is 95 % with Kiln's GEMM on OpenBLAS and none for the Java GEMM at n = 256
    String w1Limit =
        (OpenBlasDirect.available()
                ? "OpenBLAS direct " + number + "+ GFLOP/s +\\d+\\.\\d\\d"
                : "- +-")
            + (NativeBlas.available() ? " +>= 0\\.95 x OpenBLAS direct" : " +-");
    assertTrue(
        lines[3].matches(
            "w1_256 +"
                + number
                + "+ GFLOP/s \\("
                + number
                + "+-"
                + number
                + "+\\) +"
                + w1Limit
                + " +(met|missed|-).*"),
        lines[3]);
    assertTrue(
        lines[4].matches(
            "w5_sum +"
                + number
                + "+ GB/s \\(.*\\) +arraycopy "
                + number
                + "+ GB/s +\\d+\\.\\d\\d +>= 0\\.90 x arraycopy +(met|missed).*"),
        lines[4]);

    List<String> rows = Files.readAllLines(tsv);
    assertEquals(3, rows.size(), String.join("\n", rows));
    List<String> columns = Arrays.asList(rows.get(0).split("\t"));
    assertEquals(13, columns.size(), rows.get(0));
    for (String row : rows.subList(OpenBlasDirect.available() ? 1 : 2, 3)) {
      String[] f = row.split("\t");
      assertEquals(columns.size(), f.length, row);
      for (String c : List.of("median", "min", "max", "limit_value", "ratio")) {
        double v = Double.parseDouble(f[columns.indexOf(c)]);
        assertTrue(Double.isFinite(v) && v > 0, c + " in " + row);
      }
      assertTrue(
          Double.parseDouble(f[columns.indexOf("min")])
              <= Double.parseDouble(f[columns.indexOf("max")]),
          row);
    }
  }

  @Test
  void unknownRowsAndBadCountsAreRefusedWithTheRowList() {
    Run r = run("bench", "--only", "w9_.*");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--only w9_.* matches no row; rows: [w1_256,"), r.err());
    assertTrue(r.err().contains("w5_sum]"), r.err());
    assertEquals(2, run("bench", "--samples", "0").status());
  }

  @Test
  void blasOffIsRefusedOnceThisJvmRunsGemmOnOpenBlas() {
    // initializes Kiln's GEMM choice (from -Dkiln.blas, unset in tests) before --blas sets it
    boolean loaded = NativeBlas.available();
    String before = System.getProperty("kiln.blas");
    try {
      Run r = run("bench", "--blas", "off", "--only", "none");
      assertEquals(2, r.status());
      String why = loaded ? "start it with -Dkiln.blas=off" : "--only none matches no row";
      assertTrue(r.err().contains(why), r.err());
      assertEquals(2, run("bench", "--blas", "fast").status());
    } finally {
      if (before == null) {
        System.clearProperty("kiln.blas");
      } else {
        System.setProperty("kiln.blas", before);
      }
    }
  }

  private static Protocol.Result result(double... seconds) {
    return Protocol.filter(
        Arrays.stream(seconds).mapToObj(s -> new Protocol.Sample(s, 0)).toList());
  }

  @Test
  void throughputRowsDivideByTheirLimitAndJudgeTheRatio() {
    // 2e9 flops in 1, 2 or 4 ms: 2000 (median), 1000, 500 GFLOP/s; limit 1600 GFLOP/s
    BenchRow w1 =
        new BenchRow(
            "w1_x",
            Unit.GFLOPS,
            2_000_000_000L,
            result(1e-3, 2e-3, 0.5e-3, 1e-3, 1e-3),
            "OpenBLAS direct",
            1600,
            false,
            new Target(Target.Kind.MIN_RATIO, 0.95));
    assertEquals(2000, w1.figure(), 1e-9);
    assertEquals(1000, w1.low(), 1e-9);
    assertEquals(4000, w1.high(), 1e-9);
    assertEquals(1.25, w1.ratio(), 1e-12);
    assertEquals("met", w1.verdict());
    assertEquals("2000.0 GFLOP/s (1000.0-4000.0)", w1.kilnText());
    assertEquals("OpenBLAS direct 1600.0 GFLOP/s", w1.limitText());
    BenchRow slow =
        new BenchRow(
            "w5_x",
            Unit.GBS,
            1_000_000_000L,
            result(0.1, 0.1, 0.1, 0.1, 0.1),
            "arraycopy",
            20,
            false,
            new Target(Target.Kind.MIN_RATIO, 0.9));
    assertEquals(0.5, slow.ratio(), 1e-12);
    assertEquals("missed", slow.verdict());
    assertEquals(">= 0.90 x arraycopy", slow.target().text(slow.limitName()));
  }

  @Test
  void timeRowsAreJudgedAgainstTheirAbsoluteTargetOrPointAtPyTorch() {
    Target max = new Target(Target.Kind.MAX_SECONDS, 100e-6);
    BenchRow fast =
        new BenchRow(
            "w2_x",
            Unit.TIME,
            0,
            result(9e-5, 8e-5, 1.2e-4, 9e-5, 9e-5),
            "",
            Double.NaN,
            false,
            max);
    assertEquals("90.0 µs (80.0-120.0)", fast.kilnText());
    assertEquals("met", fast.verdict());
    assertEquals("<= 100.0 µs", max.text(""));
    assertEquals("-", fast.ratioText());
    assertEquals("-", fast.limitText());
    BenchRow w3 =
        new BenchRow(
            "w3_x",
            Unit.TIME,
            0,
            result(0.06, 0.06, 0.06, 0.06, 0.06),
            "",
            Double.NaN,
            false,
            new Target(Target.Kind.PYTORCH, 0.9));
    assertTrue(w3.verdict().contains("kiln-bench/scripts/compare.sh"), w3.verdict());
    assertEquals("60.00 ms (60.00-60.00)", w3.kilnText());
    BenchRow noisy =
        new BenchRow("w4_x", Unit.TIME, 0, result(0.2, 0.2), "", Double.NaN, false, max);
    assertTrue(noisy.noisy(), "two samples are fewer than Protocol.MIN_CLEAN");
    assertEquals("missed", noisy.verdict());
  }
}
