package dev.kiln.backend;

import dev.kiln.backend.cpu.CpuBackend;
import dev.kiln.backend.cpu.CpuKernelsProvider;
import dev.kiln.tensor.Device;

/** Finds the backend for a device. Only the CPU exists today. */
public final class Backends {
  private static final Backend CPU = new CpuBackend(CpuKernelsProvider.get());

  private Backends() {}

  /** The backend that runs kernels on {@code device}. */
  public static Backend of(Device device) {
    if (device.equals(Device.CPU)) {
      return CPU;
    }
    throw new IllegalArgumentException("Backends.of: no backend for device " + device);
  }
}
