package io.logferry.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Drives Debian's {@code chromium} in headless mode through its command line only (no WebDriver, no DevTools
 * client): {@code --dump-dom} returns the DOM after the load event, {@code --screenshot} a PNG, and
 * {@code --enable-logging=stderr} puts every console message on stderr as a {@code CONSOLE} line.
 * Each call gets a fresh profile directory, so no state leaks between calls.
 */
final class HeadlessChromium {

  record Result(int exitCode, String stdout, String stderr) {
    /** The console messages Chromium logged for the page (all levels). */
    List<String> consoleLines() {
      return stderr.lines().filter(l -> l.contains(":CONSOLE") || l.contains("CONSOLE(")).toList();
    }
  }

  private static final long TIMEOUT_SECONDS = 90;

  private final Path binary;

  private HeadlessChromium(Path binary) {
    this.binary = binary;
  }

  /** {@code $LOGFERRY_CHROMIUM}, else {@code chromium} / {@code chromium-browser} on the PATH, else empty. */
  static Optional<HeadlessChromium> find() {
    String env = System.getenv("LOGFERRY_CHROMIUM");
    if (env != null && !env.isBlank() && Files.isExecutable(Path.of(env))) return Optional.of(new HeadlessChromium(Path.of(env)));
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) return Optional.of(new HeadlessChromium(p));
      }
    }
    return Optional.empty();
  }

  Result dumpDom(Path html) throws IOException, InterruptedException {
    return run(List.of("--dump-dom", html.toUri().toString()));
  }

  Result screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
    return run(List.of("--window-size=" + width + "," + height, "--hide-scrollbars",
        "--screenshot=" + png.toAbsolutePath(), html.toUri().toString()));
  }

  private Result run(List<String> extra) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("logferry-chromium-");
    Path out = Files.createTempFile("chromium-", ".out");
    Path err = Files.createTempFile("chromium-", ".err");
    try {
      List<String> cmd = new ArrayList<>(List.of(binary.toString(),
          "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-extensions", "--mute-audio", "--user-data-dir=" + profile,
          "--enable-logging=stderr", "--v=0"));
      cmd.addAll(extra);
      // Output goes to files, not pipes: a chatty browser can never block on a full pipe buffer.
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        throw new IOException("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + cmd);
      }
      // The renderer and GPU helpers are children: make sure none outlives the call.
      p.descendants().forEach(ProcessHandle::destroy);
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      // A helper may still be flushing into its profile; a leftover temp dir is harmless.
    }
  }
}
