/**
 * The checkpoint as a layer of its own, fed by acknowledgements (Vector's file source, where the finalizer, not the
 * reader, updates the checkpointer).
 *
 * <ul>
 *   <li>{@link io.logferry.checkpoint.CommitCadence}: group commit, the first write as soon as the first batch is
 *       acknowledged, then at most one write per gap;
 *   <li>{@link io.logferry.checkpoint.GoneFiles}: entries of files that are gone are forgotten after a bounded
 *       retention, so the checkpoint tracks the files present.
 * </ul>
 *
 * <p>No parameter or return value is null unless its documentation says so.
 */
package io.logferry.checkpoint;
