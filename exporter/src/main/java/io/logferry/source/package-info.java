/**
 * Discovery, tailing and rotation: the part of the core that turns files into lines with offsets. It reads only: where
 * a file starts it asks the {@link io.logferry.checkpoint.OffsetLedger}, and how far it is delivered is decided by
 * acknowledgements ({@link io.logferry.delivery}), which feed the ledger, never this package. The ledger tells the
 * tailer when a file it read to its end is delivered, so the tailer may close it. It depends on neither {@code delivery} nor
 * {@code pipeline}: {@link io.logferry.source.SourceId}, the unit an offset belongs to, lives here.
 *
 * <ul>
 *   <li>{@link io.logferry.source.PathsProvider} / {@link io.logferry.source.GlobPathsProvider}: which files;
 *   <li>{@link io.logferry.source.FileFingerprint}: which file it is ({@code dev:ino}) and whether its content is
 *       still what a checkpoint counted (head CRC32C);
 *   <li>{@link io.logferry.source.FileTailer} from {@link io.logferry.source.FileTailers}: polling reads, rotation
 *       (rename/create and copytruncate), a fair byte budget, run-once snapshots.
 * </ul>
 *
 * <p>Everything not public here is an implementation detail. No parameter or return value is null unless its
 * documentation says so.
 */
package io.logferry.source;
