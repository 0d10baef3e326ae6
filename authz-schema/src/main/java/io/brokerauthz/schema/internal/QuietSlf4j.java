package io.brokerauthz.schema.internal;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Keeps SLF4J from printing its "No SLF4J providers were found" notice on behalf of this library
 * (issue 18). The JSON Schema validator (networknt) logs through SLF4J; an application that has no
 * SLF4J provider gets SLF4J's no-operation logger anyway, and should not see three lines of
 * warnings on stderr for a logging API it never chose.
 *
 * <p>Only when no provider is present (no {@code SLF4JServiceProvider} service and no SLF4J 1.x
 * binding) and the application has not set it itself, this sets SLF4J's own reporting threshold,
 * {@code slf4j.internal.verbosity}, to ERROR, before the validator first asks for a logger. With a
 * provider present nothing is changed: the application's logging configuration decides what the
 * validator's messages do.
 */
final class QuietSlf4j {

  private static final String VERBOSITY = "slf4j.internal.verbosity";

  private QuietSlf4j() {}

  static void unlessAProviderIsPresent() {
    try {
      if (System.getProperty(VERBOSITY) != null || System.getProperty("slf4j.provider") != null) {
        return;
      }
      ClassLoader loader = QuietSlf4j.class.getClassLoader();
      if (loader == null || loader.getResource("org/slf4j/impl/StaticLoggerBinder.class") != null
          || loader.getResource("META-INF/services/org.slf4j.spi.SLF4JServiceProvider") != null) {
        return;
      }
      if (hasModuleProvider(loader)) {
        return;
      }
      System.setProperty(VERBOSITY, "ERROR");
    } catch (SecurityException | ServiceConfigurationError | LinkageError e) {
      // Leave SLF4J as it is: at worst it prints its notice.
    }
  }

  // A provider declared by a named module (provides ... with ...) has no services file.
  private static boolean hasModuleProvider(ClassLoader loader) {
    if (!QuietSlf4j.class.getModule().isNamed()) {
      return false;
    }
    try {
      Class<?> spi = Class.forName("org.slf4j.spi.SLF4JServiceProvider", false, loader);
      return ServiceLoader.load(ModuleLayer.boot(), spi).findFirst().isPresent();
    } catch (ClassNotFoundException e) {
      return false;
    } catch (ServiceConfigurationError e) {
      return true; // cannot tell: do not touch SLF4J
    }
  }
}
