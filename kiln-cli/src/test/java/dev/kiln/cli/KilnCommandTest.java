package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.io.SafeTensors;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.ReLU;
import dev.kiln.nn.Sequential;
import dev.kiln.tensor.Generator;
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
    assertEquals("model.safetensors", lines[0]);
    assertTrue(lines[1].matches("module +tensor +shape +dtype +values"), lines[1]);
    assertTrue(lines[3].matches("0 +bias +\\[3] +float32 +3"), lines[3]);
    assertTrue(lines[4].matches("0 +weight +\\[3, 4] +float32 +12"), lines[4]);
    assertTrue(lines[5].matches("2 +weight +\\[3, 3] +float32 +9"), "numeric order: " + lines[5]);
    assertTrue(lines[14].matches("11 +weight +\\[3, 3] +float32 +9"), lines[14]);
    assertEquals("105 values in 12 tensors of 11 modules", lines[16]);
  }

  @Test
  void summaryOfAMissingFileFailsWithItsName() {
    Run r = run("summary", dir.resolve("nope.safetensors").toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("nope.safetensors"), r.err());
  }
}
