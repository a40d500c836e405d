package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kiln reads the files NumPy and the Python safetensors writer produced (from_python/). */
class FromPythonTest {
  @Test
  void readsEveryNpyFile() throws Exception {
    Json.Obj npy = Expected.section(Expected.load(), "npy");
    Path dir = Expected.dir(Expected.FROM_PYTHON);
    for (String name : npy.values().keySet()) {
      Expected.assertMatches(Expected.obj(npy, name), Npy.read(dir.resolve(name)), name);
    }
    assertEquals(17, npy.values().size());
  }

  @Test
  void readsNpzStoredAndDeflated() throws Exception {
    Json.Obj npz = Expected.section(Expected.load(), "npz");
    Path dir = Expected.dir(Expected.FROM_PYTHON);
    for (String name : npz.values().keySet()) {
      Json.Obj arrays = Expected.obj(Expected.obj(npz, name), "arrays");
      Map<String, Tensor> got = Npz.read(dir.resolve(name));
      assertEquals(List.copyOf(arrays.values().keySet()), List.copyOf(got.keySet()), name);
      for (String array : arrays.values().keySet()) {
        Json.Obj desc = Expected.obj(arrays, array);
        Expected.assertMatches(desc, got.get(array), name + "[" + array + "]");
        Expected.assertMatches(
            desc, Npz.readArray(dir.resolve(name), array), name + " readArray " + array);
      }
    }
  }

  @Test
  void readsSafetensorsWholeAndOneTensorAtATime() throws Exception {
    Json.Obj st = Expected.section(Expected.load(), "safetensors");
    Path dir = Expected.dir(Expected.FROM_PYTHON);
    for (String name : st.values().keySet()) {
      Json.Obj file = Expected.obj(st, name);
      Json.Obj tensors = Expected.obj(file, "tensors");
      SafeTensors.Content got = SafeTensors.read(dir.resolve(name));
      assertEquals(Expected.obj(file, "metadata").values(), got.metadata(), name + " metadata");
      assertEquals(tensors.values().keySet(), got.tensors().keySet(), name);
      for (String t : tensors.values().keySet()) {
        Json.Obj desc = Expected.obj(tensors, t);
        Expected.assertMatches(desc, got.tensors().get(t), name + "[" + t + "]");
        Expected.assertMatches(
            desc, SafeTensors.readTensor(dir.resolve(name), t), name + " readTensor " + t);
      }
    }
  }
}
