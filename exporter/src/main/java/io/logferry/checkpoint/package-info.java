/**
 * The checkpoint as a layer of its own, fed by acknowledgements (Vector's file source, where the finalizer, not the
 * reader, updates the checkpointer).
 *
 * <ul>
 *   <li>{@link io.logferry.checkpoint.Checkpoints} from {@link io.logferry.checkpoint.Checkpointer}: the in-memory view
 *       and the file format (versioned JSON, read and written with jackson-core's streaming API; version 1 files
 *       read), replaced atomically (temporary file, fsync, rename, fsync of the directory);
 *   <li>{@link io.logferry.checkpoint.ExporterLock}: one exporter per checkpoint directory;
 *   <li>{@link io.logferry.checkpoint.OffsetLedger}: the offset ledger, fed by acknowledgements (acknowledged offset
 *       → entry, generations, copytruncate predecessors, closed identities, forgetting gone files); the reader asks
 *       it where a file starts and tells it what it found;
 *   <li>{@link io.logferry.checkpoint.CheckpointWriter} with {@link io.logferry.checkpoint.CommitCadence}: group
 *       commit on the checkpoint's own thread, the first write as soon as the first batch is acknowledged, then at
 *       most one write per gap;
 *   <li>{@link io.logferry.checkpoint.GoneFiles}: entries of files that are gone are forgotten after a bounded
 *       retention, so the checkpoint tracks the files present.
 * </ul>
 *
 * <p>Its exceptions live here, beside what throws them: {@link io.logferry.checkpoint.CheckpointException} (the
 * checkpoint cannot be read or written) and {@link io.logferry.checkpoint.LockHeldException} (another exporter holds
 * the lock).
 *
 * <p>Uses no other package of the core but {@code events} (what it reports) and {@code time}: the reader
 * ({@code source}) asks the ledger where a file starts, the runtime feeds the ledger what was acknowledged and tells
 * the writer that something changed; the writer's thread decides, through the cadence, when it is written.
 *
 * <p>No parameter or return value is null unless its documentation says so.
 */
package io.logferry.checkpoint;
