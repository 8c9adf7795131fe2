package io.logferry.pipeline;

import io.logferry.config.ConfigException;
import io.logferry.config.ExporterConfig;
import io.logferry.events.ExporterEvents;
import io.logferry.time.Ticker;
import java.util.function.Function;

/** Builds {@link EventAssembler}s. */
public final class EventAssemblers {

  private EventAssemblers() {}

  /**
   * An assembler for {@code config}, naming streams with {@code config.groupTemplate()} and
   * {@code config.streamTemplate()} rendered against the process environment.
   *
   * @throws ConfigException when a template, the multiline pattern, the timestamp regex or format is invalid, or a
   *     template needs an environment variable that is not set
   */
  public static EventAssembler create(
      ExporterConfig config, BatchLimits limits, EventListener listener, ExporterEvents events, Ticker ticker) {
    return create(config, limits, listener, events, ticker, System::getenv);
  }

  /** As {@link #create(ExporterConfig, BatchLimits, EventListener, ExporterEvents, Ticker)}, with {@code env}. */
  public static EventAssembler create(
      ExporterConfig config,
      BatchLimits limits,
      EventListener listener,
      ExporterEvents events,
      Ticker ticker,
      Function<String, String> env) {
    return new DefaultEventAssembler(config, limits, listener, events, ticker, env);
  }

  /**
   * Checks the settings an assembler would use (templates and the environment they need, the multiline pattern, the
   * timestamp regex and format) without reading anything: building an assembler validates all of them, and nothing it
   * builds outlives this call.
   *
   * @throws ConfigException naming the bad setting
   */
  public static void validate(ExporterConfig config, BatchLimits limits, Function<String, String> env) {
    new DefaultEventAssembler(config, limits, (key, event) -> {}, ExporterEvents.NOOP, Ticker.system(), env);
  }
}
