package io.logferry.source;

import java.nio.file.Path;

/**
 * A snapshot of one file a tailer knows, for status and backlog.
 *
 * @param source identity and generation
 * @param path its current path
 * @param size its size when last checked
 * @param readOffset how far it has been read (not how far it has been acknowledged)
 */
public record TailedFile(SourceId source, Path path, long size, long readOffset) {}
