package io.logferry.reconcile;

import io.logferry.events.StreamKey;
import java.util.List;

/**
 * One batch as the journal recorded it: its stream, its ranges per file, its event count, and the requests it went
 * out as (StreamOrder may split a batch in two; a part not yet sent when the process died is missing here).
 */
public record JournaledBatch(long id, StreamKey key, int count, List<SourceRange> sources, List<JournaledPart> parts) {

  public JournaledBatch {
    sources = List.copyOf(sources);
    parts = List.copyOf(parts);
  }

  /** True when the journal saw every event of the batch go out (the parts' counts add up). */
  boolean fullySent() {
    int sent = 0;
    for (JournaledPart p : parts) sent += p.count();
    return sent == count;
  }
}
