package io.logferry.study;

import java.util.List;

/**
 * {@code run-set.json}: one invocation of the study (a profile run), next to its {@link StudyRun} files.
 *
 * @param profile {@code quick} or {@code full}
 * @param started UTC ISO-8601
 * @param finished UTC ISO-8601, null while running (an interrupted run set keeps what it finished)
 * @param commit the measured checkout's commit
 * @param command the command line that produced it
 * @param windows the windows planned, in order
 * @param wallSeconds start to finish of the whole study
 * @param jdk the shippers' JDK ({@code java -version}, first lines)
 * @param peers the peers measured beside logferry, e.g. {@code "fluent-bit: Fluent Bit v5.1.1 (...)"}; empty when
 *     logferry ran alone (no binary given); null in run sets written before peers existed
 * @param notes plain sentences about the run set as a whole (e.g. that no peer binary was given)
 */
public record RunSet(
    int schemaVersion,
    String profile,
    String started,
    String finished,
    String commit,
    List<String> command,
    List<String> windows,
    double wallSeconds,
    String jdk,
    List<String> peers,
    List<String> notes) {

  public static final String FILE_NAME = "run-set.json";
}
