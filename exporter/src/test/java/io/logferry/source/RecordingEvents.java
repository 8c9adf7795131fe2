package io.logferry.source;

import io.logferry.events.ExporterEvents;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the source events as strings, for asserting what was reported. */
final class RecordingEvents implements ExporterEvents {
  final List<String> events = new CopyOnWriteArrayList<>();
  long linesRead;
  long bytesRead;

  @Override
  public void fileAdded(Path path, String fileKey, long startOffset) {
    events.add("added " + path.getFileName() + " @" + startOffset);
  }

  @Override
  public void fileRotated(Path oldPath, Path newPath, String fileKey) {
    events.add("rotated " + oldPath.getFileName() + " -> " + (newPath == null ? "?" : newPath.getFileName()));
  }

  @Override
  public void fileTruncated(Path path, String fileKey, long previousOffset) {
    events.add("truncated " + path.getFileName() + " @" + previousOffset);
  }

  @Override
  public void fileRemoved(Path path, String fileKey) {
    events.add("removed " + path.getFileName());
  }

  @Override
  public void fileReadFailed(Path path, String reason) {
    events.add("failed " + path.getFileName() + ": " + reason);
  }

  @Override
  public synchronized void linesRead(Path path, long lines, long bytes) {
    linesRead += lines;
    bytesRead += bytes;
  }

  List<String> starting(String prefix) {
    return events.stream().filter(e -> e.startsWith(prefix)).toList();
  }
}
