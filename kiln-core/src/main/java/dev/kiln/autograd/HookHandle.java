package dev.kiln.autograd;

/** Returned by hook registrations; {@link #remove()} unregisters the hook. */
@FunctionalInterface
public interface HookHandle {
  /** Unregisters the hook (a second call does nothing). */
  void remove();
}
