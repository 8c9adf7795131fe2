package io.logferry.source;

/**
 * One generation of one file, as delivery sees it: the unit a checkpoint offset belongs to.
 *
 * <p>{@code fileKey} is the file's stable identity ({@code dev:inode} plus head checksum, rendered by the source
 * side); {@code generation} grows each time the same file is truncated (copytruncate) and reading restarts at 0, so
 * that an acknowledgement for bytes of the old content can never move the checkpoint of the new content.
 */
public record SourceId(String fileKey, long generation) {}
