package io.gceemu.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** What the code under test logged on one logger, caught in this JVM by an appender of the test's own. */
public final class LogCapture {

  /** Work that runs while the logger is watched. */
  public interface Action {
    void run() throws Exception;
  }

  private LogCapture() {
  }

  /** The formatted messages logged on {@code logger} (and the loggers under it) while {@code action} ran. */
  public static List<String> during(String logger, Action action) throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(logger);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    log.addAppender(appender);
    try {
      action.run();
    } finally {
      log.detachAppender(appender);
    }
    // Appending holds the appender's lock too.
    synchronized (appender) {
      return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }
}
