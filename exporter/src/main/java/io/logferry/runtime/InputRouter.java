package io.logferry.runtime;

import io.logferry.delivery.SourceId;
import io.logferry.pipeline.EventAssembler;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends each file's lines to the assembler of its input. A source is bound to an input at its first line and keeps
 * it until it ends, so a file renamed by rotation keeps its stream, its multiline state and its filters.
 *
 * <p>Not thread-safe: driven by the pipeline thread.
 */
final class InputRouter implements EventAssembler {

  private final Inputs inputs;
  private final List<EventAssembler> assemblers;
  private final Map<SourceId, EventAssembler> bound = new HashMap<>();
  private SourceId lastSource;
  private EventAssembler lastAssembler;

  InputRouter(Inputs inputs, List<EventAssembler> assemblers) {
    this.inputs = inputs;
    this.assemblers = List.copyOf(assemblers);
  }

  @Override
  public void onLine(
      SourceId source, Path path, byte[] buf, int off, int len, long startOffset, long endOffset, boolean complete) {
    assemblerOf(source, path).onLine(source, path, buf, off, len, startOffset, endOffset, complete);
  }

  @Override
  public void onSourceEnd(SourceId source, Path path) {
    EventAssembler a = bound.remove(source);
    if (source.equals(lastSource)) {
      lastSource = null;
      lastAssembler = null;
    }
    (a != null ? a : assemblers.get(inputs.inputOf(path))).onSourceEnd(source, path);
  }

  @Override
  public void flushExpired() {
    for (EventAssembler a : assemblers) a.flushExpired();
  }

  @Override
  public void flushAll() {
    for (EventAssembler a : assemblers) a.flushAll();
  }

  private EventAssembler assemblerOf(SourceId source, Path path) {
    if (source.equals(lastSource)) return lastAssembler; // lines come in runs per file
    EventAssembler a = bound.get(source);
    if (a == null) {
      a = assemblers.get(inputs.inputOf(path));
      bound.put(source, a);
    }
    lastSource = source;
    lastAssembler = a;
    return a;
  }
}
