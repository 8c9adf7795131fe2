package io.logferry.runtime;

import io.logferry.checkpoint.Checkpoints;
import io.logferry.checkpoint.OffsetLedger;
import io.logferry.config.ExporterConfig;
import io.logferry.config.InputConfig;
import io.logferry.events.ExporterEvents;
import io.logferry.pipeline.BatchLimits;
import io.logferry.pipeline.EventAssembler;
import io.logferry.pipeline.EventAssemblers;
import io.logferry.pipeline.EventFilter;
import io.logferry.pipeline.EventListener;
import io.logferry.source.FileTailer;
import io.logferry.source.FileTailers;
import io.logferry.source.GlobPathsProvider;
import io.logferry.source.PathsProvider;
import io.logferry.source.StartPositions;
import io.logferry.source.TailerSettings;
import io.logferry.time.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Discovery over several inputs: the union of every input's files, for the one tailer they share, and which input
 * each file belongs to (the first whose globs match it), for routing its lines. The owner of a path is remembered
 * from the last two scans, so a file renamed between a scan and its first read still finds its input.
 *
 * <p>Called on the pipeline thread only (the tailer scans there, and lines are routed there).
 */
final class Inputs implements PathsProvider {

  private final List<InputConfig> inputs;
  private final List<GlobPathsProvider> providers = new ArrayList<>();
  private Map<Path, Integer> owners = new HashMap<>();
  private Map<Path, Integer> previousOwners = Map.of();

  Inputs(List<InputConfig> inputs, ExporterEvents events) {
    this.inputs = List.copyOf(inputs);
    for (InputConfig in : inputs) providers.add(new GlobPathsProvider(in.include(), in.exclude(), events));
  }

  @Override
  public List<Path> paths() {
    TreeSet<Path> found = new TreeSet<>();
    Map<Path, Integer> scan = new HashMap<>();
    for (int i = 0; i < providers.size(); i++) {
      for (Path p : providers.get(i).paths()) {
        if (found.add(p)) scan.put(p, i);
      }
    }
    previousOwners = owners;
    owners = scan;
    return List.copyOf(found);
  }

  /** The files input {@code index} owns now (not those an earlier input claims). */
  List<Path> paths(int index) {
    List<Path> all = paths();
    List<Path> own = new ArrayList<>();
    for (Path p : all) {
      if (owners.get(p) == index) own.add(p);
    }
    return own;
  }

  /** The input {@code path} belongs to; the first input when it was not seen in the last two scans. */
  int inputOf(Path path) {
    Integer i = owners.get(path);
    if (i == null) i = previousOwners.get(path);
    return i == null ? 0 : i;
  }

  /**
   * The tailer all inputs share. One input uses its globs directly, exactly as before inputs existed; several use
   * this discovery (the union, with ownership).
   */
  FileTailer tailer(ExporterConfig config, OffsetLedger ledger, ExporterEvents events, Ticker ticker) {
    if (inputs.size() == 1) {
      return FileTailers.create(TailerSettings.from(config.forInput(inputs.get(0))), ledger, events, ticker);
    }
    List<String> union = new ArrayList<>();
    for (InputConfig in : inputs) union.addAll(in.include());
    TailerSettings settings =
        new TailerSettings(union, List.of(), config.scanInterval(), config.lines().maxLineBytes(),
            TailerSettings.DEFAULT_ROTATE_WAIT);
    return FileTailers.create(settings, this, ledger, events, ticker);
  }

  /**
   * The assembler of the lines of every input, each followed by its filters, all ending in {@code listener}: with one
   * input its assembler itself, with several an {@link InputRouter}.
   */
  EventAssembler assembler(
      ExporterConfig config, BatchLimits limits, EventListener listener, ExporterEvents events, Ticker ticker) {
    List<EventAssembler> assemblers = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      InputConfig in = inputs.get(i);
      EventListener filtered = EventFilter.wrap(in.filters(), limits.maxEventBytes(), listener, prefix(i));
      assemblers.add(EventAssemblers.create(config.forInput(in), limits, filtered, events, ticker));
    }
    return assemblers.size() == 1 ? assemblers.get(0) : new InputRouter(this, assemblers);
  }

  /**
   * At the first start only (no checkpoint yet): files of inputs that {@code read-from: tail}, or that are older than
   * their {@code ignore-older}, start at the end of their last complete line instead of their head. Written at once,
   * so a crash before the first acknowledgement does not turn into a read from the head.
   */
  void applyStartPositions(Checkpoints checkpoints, ExporterEvents events, Ticker ticker) {
    boolean any = false;
    for (InputConfig in : inputs) any |= in.readFrom() == InputConfig.ReadFrom.TAIL || in.ignoreOlder() != null;
    if (!any || !StartPositions.firstStart(checkpoints)) return;
    long now = ticker.currentTimeMillis();
    int skipped = 0;
    for (int i = 0; i < inputs.size(); i++) {
      InputConfig in = inputs.get(i);
      if (in.readFrom() == InputConfig.ReadFrom.HEAD && in.ignoreOlder() == null) continue;
      for (Path p : inputs.size() == 1 ? providers.get(0).paths() : paths(i)) {
        if (in.readFrom() == InputConfig.ReadFrom.TAIL || olderThan(p, in.ignoreOlder(), now)) {
          if (StartPositions.skipExisting(checkpoints, p, events, now) >= 0) skipped++;
        }
      }
    }
    if (skipped > 0) checkpoints.write();
  }

  private static boolean olderThan(Path p, Duration age, long nowMillis) {
    if (age == null) return false;
    try {
      return Files.getLastModifiedTime(p).toMillis() < nowMillis - age.toMillis();
    } catch (IOException e) {
      return false; // gone or unreadable: the tailer decides and reports
    }
  }

  /** How messages name input {@code i}: empty for a single input (its settings are the top-level ones). */
  String prefix(int i) {
    return inputs.size() == 1 ? "" : "inputs[" + (i + 1) + "].";
  }

  List<InputConfig> inputs() {
    return inputs;
  }

  int size() {
    return inputs.size();
  }
}
