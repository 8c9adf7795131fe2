package io.logferry.source;

/**
 * What the tailer does with a file whose read, size or identity check failed: the watcher keeps its offset and is
 * retried later (neither a crash nor a skip), and the failure is reported. One implementation, the tailer's; the roles
 * that meet I/O errors ({@link FileDiscovery}, {@link TruncationDetector}, {@link FairShareReader}) hand them over.
 */
@FunctionalInterface
interface ReadFailure {
  void failed(FileWatcher w, long now, Exception e);
}
