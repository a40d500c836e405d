package dev.kiln.nn;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Lists kiln-nn's compiled main classes, so that coverage tests see a class as soon as it is added,
 * without a hand-kept list of what exists.
 */
public final class CompiledClasses {
  private CompiledClasses() {}

  /**
   * The public, concrete (non-abstract, non-interface) classes under {@code packageName} (and its
   * subpackages) that extend or implement {@code base}, read from the directory that holds {@code
   * base}'s class file; nested classes included.
   */
  public static Set<Class<?>> publicConcreteSubclasses(Class<?> base, String packageName)
      throws Exception {
    Path root = Path.of(base.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path dir = root.resolve(packageName.replace('.', '/'));
    Set<Class<?>> out = new TreeSet<>((a, b) -> a.getName().compareTo(b.getName()));
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String rel = root.relativize(f).toString();
        String name = rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
        Class<?> c = Class.forName(name, false, base.getClassLoader());
        int mods = c.getModifiers();
        if (base.isAssignableFrom(c)
            && Modifier.isPublic(mods)
            && !Modifier.isAbstract(mods)
            && !c.isInterface()
            && !c.isAnonymousClass()) {
          out.add(c);
        }
      }
    }
    return out;
  }
}
