package io.logferry.source;

import io.logferry.checkpoint.Checkpoints;
import io.logferry.ExporterEvents;
import io.logferry.time.Ticker;
import java.util.Objects;

/** Builds {@link FileTailer}s. */
public final class FileTailers {

  private FileTailers() {}

  /**
   * A polling tailer over the files {@code settings} selects. A file whose identity has an entry in
   * {@code checkpoints} (and whose head still matches it) resumes at its checkpointed offset, any other from 0.
   * {@link FileTailer#acknowledged} records delivered offsets into {@code checkpoints} (in memory; the caller decides
   * when to {@link Checkpoints#write()}).
   */
  public static FileTailer create(TailerSettings settings, Checkpoints checkpoints, ExporterEvents events, Ticker ticker) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(events, "events");
    return new PollingFileTailer(settings, new GlobPathsProvider(settings.include(), settings.exclude(), events),
        Objects.requireNonNull(checkpoints, "checkpoints"), events, Objects.requireNonNull(ticker, "ticker"));
  }

  /** Same, with another discovery (tests, or a future inotify-fed provider). */
  public static FileTailer create(
      TailerSettings settings, PathsProvider paths, Checkpoints checkpoints, ExporterEvents events, Ticker ticker) {
    return new PollingFileTailer(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(paths, "paths"),
        Objects.requireNonNull(checkpoints, "checkpoints"), Objects.requireNonNull(events, "events"),
        Objects.requireNonNull(ticker, "ticker"));
  }
}
