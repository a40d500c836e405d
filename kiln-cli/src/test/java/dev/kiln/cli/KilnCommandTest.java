package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.Kiln;
import dev.kiln.io.SafeTensors;
import dev.kiln.nn.Linear;
import dev.kiln.nn.MSELoss;
import dev.kiln.nn.Module;
import dev.kiln.nn.ReLU;
import dev.kiln.nn.Sequential;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Generator;
import dev.kiln.train.Model;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KilnCommandTest {
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
  void versionNamesJdkKernelsAndThreads() {
    Run r = run("version");
    assertEquals(0, r.status());
    assertTrue(r.out().startsWith("kiln "), r.out());
    assertTrue(r.out().contains("JDK:        " + Runtime.version()), r.out());
    assertTrue(r.out().matches("(?s).*Vector API: (on|off).*"), r.out());
    assertTrue(r.out().contains("threads:"), r.out());
    assertTrue(r.out().contains("GEMM:       " + Kiln.gemm() + "\n"), r.out());
    assertTrue(r.out().matches("(?s).*GEMM: +(OpenBLAS|Java) \\(.*"), r.out());
  }

  @Test
  void summaryListsModulesShapesAndCountsInKeyOrder() throws Exception {
    List<Module> layers = new ArrayList<>(List.of(new Linear(4, 3, true, new Generator(0))));
    layers.add(new ReLU());
    for (int i = 0; i < 10; i++) {
      layers.add(new Linear(3, 3, false, new Generator(i)));
    }
    var net = new Sequential(layers.toArray(Module[]::new));
    Path file = dir.resolve("model.safetensors");
    SafeTensors.write(file, net.stateDict());
    Run r = run("summary", file.toString());
    assertEquals(0, r.status(), r.err());
    String[] lines = r.out().split("\n");
    assertEquals(file.toString(), lines[0]);
    assertTrue(lines[1].matches("module +tensor +shape +dtype +values"), lines[1]);
    assertTrue(lines[3].matches("0 +bias +\\[3] +float32 +3"), lines[3]);
    assertTrue(lines[4].matches("0 +weight +\\[3, 4] +float32 +12"), lines[4]);
    assertTrue(lines[5].matches("2 +weight +\\[3, 3] +float32 +9"), "numeric order: " + lines[5]);
    assertTrue(lines[14].matches("11 +weight +\\[3, 3] +float32 +9"), lines[14]);
    assertEquals("105 values in 12 tensors of 11 modules", lines[16]);
  }

  @Test
  void summaryOfAModelFolderPrintsItsConfigAndWeights() throws Exception {
    Model model = new Model(new Sequential(new Linear(2, 3, true, new Generator(0))));
    model.compile(new SGD(model.module().parameters(), 0.1), new MSELoss());
    model.save(dir.resolve("saved"));
    Run r = run("summary", dir.resolve("saved").toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("\"loss\""), r.out());
    assertTrue(r.out().contains("MSELoss"), r.out());
    assertTrue(r.out().contains("9 values in 2 tensors of 1 modules"), r.out());
  }

  @Test
  void summaryOfAMissingFileFailsWithItsName() {
    Run r = run("summary", dir.resolve("nope.safetensors").toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("nope.safetensors"), r.err());
  }
}
