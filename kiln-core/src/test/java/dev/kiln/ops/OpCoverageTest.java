package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The op table covers every registered op, and table rows and fixtures match one to one. */
class OpCoverageTest {
  @Test
  void everyRegisteredOpHasARow() {
    Set<String> covered = OpTable.all().stream().map(OpCase::op).collect(Collectors.toSet());
    Set<String> missing = new TreeSet<>(OpRegistry.byName().keySet());
    missing.removeAll(covered);
    assertTrue(missing.isEmpty(), "ops with no op-table row: " + missing);
  }

  @Test
  void everyRowNamesARegisteredOp() {
    Set<String> unknown = new TreeSet<>();
    for (OpCase c : OpTable.all()) {
      if (!OpRegistry.byName().containsKey(c.op())) {
        unknown.add(c.op());
      }
    }
    assertTrue(unknown.isEmpty(), "op-table rows for unregistered ops: " + unknown);
  }

  @Test
  void rowsAndFixturesMatchOneToOne() throws Exception {
    List<String> rows =
        OpTable.all().stream().map(c -> c.op() + "/" + c.sample()).sorted().toList();
    assertEquals(rows.size(), new TreeSet<>(rows).size(), "duplicate op-table rows");
    assertEquals(
        new TreeSet<>(rows),
        new TreeSet<>(Fixtures.allSampleDirs()),
        "op-table rows vs fixture directories (regenerate with tools/fixtures/gen_fixtures.py)");
  }
}
