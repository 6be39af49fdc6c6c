package io.gceemu;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.AsyncAppenderBase;
import io.vertx.core.logging.SLF4JLogDelegateFactory;
import org.slf4j.LoggerFactory;

/**
 * The process's logging: SLF4J to Logback, configured by the jar's {@code logback.xml} or the file
 * named by {@code -Dlogback.configurationFile}. The emulator's own classes log through SLF4J
 * directly; the libraries that would otherwise pick a backend of their own are pointed at it here.
 */
final class Logging {

  private Logging() {
  }

  /** Before any library has made its loggers; an operator's own {@code -D} settings win. */
  static void install() {
    // Hazelcast's default is java.util.logging, which would bypass logback.xml and its levels.
    System.setProperty("hazelcast.logging.type", System.getProperty("hazelcast.logging.type", "slf4j"));
    // Vert.x finds SLF4J on the class path by itself; named, it cannot fall back to java.util.logging.
    String vertx = "vertx.logger-delegate-factory-class-name";
    System.setProperty(vertx, System.getProperty(vertx, SLF4JLogDelegateFactory.class.getName()));
  }

  /**
   * Writes out the request lines still queued for the writer thread; the last step of a shutdown.
   * The asynchronous appenders are stopped first, while the console appenders they drain into
   * still run: stopping the context alone stops the root's appenders before its children's.
   */
  static void flush() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      for (Logger logger : context.getLoggerList()) {
        logger.iteratorForAppenders().forEachRemaining(appender -> {
          if (appender instanceof AsyncAppenderBase) {
            appender.stop();
          }
        });
      }
      context.stop();
    }
  }
}
