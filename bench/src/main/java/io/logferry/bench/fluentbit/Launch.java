package io.logferry.bench.fluentbit;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to start one tool for one run.
 *
 * @param command the command line
 * @param env environment variables added to a cleaned environment (no {@code AWS_*}, {@code JAVA_TOOL_OPTIONS})
 * @param dir working directory
 * @param probeUrls health URLs polled as a kubelet would (sidecar runs only); the first is also the readiness wait
 */
record Launch(List<String> command, Map<String, String> env, Path dir, List<String> probeUrls) {}
