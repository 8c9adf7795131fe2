package io.logferry.cli;

import io.logferry.checkpoint.CheckpointException;
import io.logferry.checkpoint.LockHeldException;
import io.logferry.config.ConfigException;
import io.logferry.runtime.RunSummary;
import picocli.CommandLine.ParameterException;

/**
 * The exit codes of both commands, so that a CronJob's history and a sidecar's restarts say what happened.
 *
 * <table>
 *   <tr><td>0</td><td>{@link #OK}</td><td>everything read was delivered</td></tr>
 *   <tr><td>1</td><td>{@link #FAILURE}</td><td>the sink gave up on batches, or the run failed (endpoint unreachable,
 *       credentials refused, checkpoint unreadable); what retrying cannot fix fails at once (see cli/README.md)</td></tr>
 *   <tr><td>2</td><td>{@link #USAGE}</td><td>a usage or configuration error; nothing was read</td></tr>
 *   <tr><td>3</td><td>{@link #PARTIAL}</td><td>partly delivered: something dead-lettered or left for the next run, a
 *       deadline stopped the run, or (run-once) a matched file could not be read</td></tr>
 *   <tr><td>4</td><td>{@link #LOCKED}</td><td>another exporter holds the checkpoint directory's lock</td></tr>
 * </table>
 */
public final class ExitCodes {

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  public static final int PARTIAL = 3;
  public static final int LOCKED = 4;

  private ExitCodes() {}

  /**
   * The exit code of a finished run. Failed batches count as a failure (1) rather than as partial delivery: the sink
   * gave up on them (permissions, retries exhausted), which needs a look even though the data stays on disk and the
   * checkpoint before it, so the next run sends it again.
   */
  public static int from(RunSummary summary) {
    if (summary.complete()) return OK;
    if (summary.failedBatches() > 0) return FAILURE;
    return PARTIAL;
  }

  /** The exit code for an exception that ended a command. */
  public static int from(Throwable error) {
    if (error instanceof ConfigException || error instanceof ParameterException) return USAGE;
    if (error instanceof LockHeldException) return LOCKED;
    if (error instanceof CheckpointException) return FAILURE;
    return FAILURE;
  }
}
