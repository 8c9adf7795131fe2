/**
 * Discovery, tailing, rotation and checkpoints: the part of the core that turns files into lines with offsets.
 *
 * <ul>
 *   <li>{@link io.logferry.source.PathsProvider} / {@link io.logferry.source.GlobPathsProvider}: which files;
 *   <li>{@link io.logferry.source.FileFingerprint}: which file it is ({@code dev:ino}) and whether its content is
 *       still what a checkpoint counted (head CRC32C);
 *   <li>{@link io.logferry.source.FileTailer} from {@link io.logferry.source.FileTailers}: polling reads, rotation
 *       (rename/create and copytruncate), a fair byte budget, run-once snapshots;
 *   <li>{@link io.logferry.source.Checkpoints} from {@link io.logferry.source.Checkpointer}: versioned JSON, replaced
 *       atomically;
 *   <li>{@link io.logferry.source.ExporterLock}: one exporter per checkpoint directory.
 * </ul>
 *
 * <p>Everything not public here is an implementation detail. No parameter or return value is null unless its
 * documentation says so.
 */
package io.logferry.source;
