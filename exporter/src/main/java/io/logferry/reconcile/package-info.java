/**
 * Exactly once across a crash, where CloudWatch lets us (issue 14, item 3).
 *
 * <ul>
 *   <li>{@link io.logferry.reconcile.InFlightJournal}: before a request is sent, what it holds (stream, the source
 *       offsets of its batch, event count, first and last timestamp, a hash of the first and last event) is on disk;
 *       group-committed on a thread of its own, so one fsync covers every request handed over while the previous one
 *       ran. Entries are forgotten once the checkpoint covers them, so the journal covers both the requests in flight
 *       and those acknowledged after the last checkpoint write.
 *   <li>{@link io.logferry.reconcile.Reconciler}: after an unclean stop, reads each journaled request's time window
 *       back ({@link io.logferry.sink.StreamReader}) and decides found / not found / undecided; a batch whose every
 *       request is found is delivered.
 *   <li>{@link io.logferry.reconcile.DeliveredRanges}: the delivered batches' offset ranges per file; the restarted
 *       pipeline re-reads from the checkpoint and drops exactly the events inside them.
 *   <li>{@link io.logferry.reconcile.ExactlyOnce}: the facade the runtime calls.
 * </ul>
 *
 * <p>Anything undecided is re-sent: reconciliation can only remove duplicates, never lose an event (the one way it
 * could, a false "found", needs two events with equal timestamp and equal 64-bit hash at exactly the batch's distance).
 */
package io.logferry.reconcile;
