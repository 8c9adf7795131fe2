package io.logferry.source;

import io.logferry.ExporterEvents;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Include/exclude globs over absolute paths (Fluent Bit's {@code path}/{@code exclude_path}).
 *
 * <p>Syntax: {@code *} matches within one path segment, {@code **} across segments ({@code a/**}{@code /b} also
 * matches {@code a/b}), {@code ?} one character of a segment, {@code {x,y}} alternatives, {@code [abc]} a class.
 * A relative pattern is resolved against the working directory. Each include pattern is walked from its longest
 * wildcard-free directory prefix, no deeper than the pattern can match. Symlinks are followed (Kubernetes'
 * {@code /var/log/containers} is made of them); a loop or an unreadable directory is reported through
 * {@link ExporterEvents#fileReadFailed} and skipped, never thrown. Only regular files are returned, sorted.
 */
public final class GlobPathsProvider implements PathsProvider {

  private final List<Include> includes;
  private final List<Pattern> excludes;
  private final ExporterEvents events;

  public GlobPathsProvider(List<String> include, List<String> exclude, ExporterEvents events) {
    Objects.requireNonNull(include, "include");
    if (include.isEmpty()) {
      throw new IllegalArgumentException("include: at least one glob is required");
    }
    this.events = Objects.requireNonNull(events, "events");
    List<Include> inc = new ArrayList<>();
    for (String glob : include) {
      inc.add(Include.of(absolute(glob)));
    }
    List<Pattern> exc = new ArrayList<>();
    for (String glob : exclude == null ? List.<String>of() : exclude) {
      exc.add(Pattern.compile(toRegex(absolute(glob))));
    }
    this.includes = List.copyOf(inc);
    this.excludes = List.copyOf(exc);
  }

  @Override
  public List<Path> paths() {
    TreeSet<Path> found = new TreeSet<>();
    for (Include include : includes) {
      walk(include, found);
    }
    return List.copyOf(found);
  }

  /** True when {@code path} (absolute) is matched by an include and by no exclude. */
  boolean matches(Path path) {
    String s = path.toString();
    boolean included = false;
    for (Include include : includes) {
      if (include.pattern.matcher(s).matches()) {
        included = true;
        break;
      }
    }
    if (!included) {
      return false;
    }
    for (Pattern exclude : excludes) {
      if (exclude.matcher(s).matches()) {
        return false;
      }
    }
    return true;
  }

  private void walk(Include include, TreeSet<Path> found) {
    if (!Files.isDirectory(include.root)) {
      // A pattern without wildcards names a file directly; a missing root is simply "nothing yet".
      if (include.maxDepth == 0 && Files.isRegularFile(include.root) && matches(include.root)) {
        found.add(include.root);
      }
      return;
    }
    try {
      Files.walkFileTree(include.root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), include.maxDepth,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              // With FOLLOW_LINKS the attributes are the target's: a link to a directory at max depth or to a
              // device is not a regular file and is skipped here.
              if (attrs.isRegularFile() && matches(file)) {
                found.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              // FileSystemLoopException (a symlink cycle), AccessDeniedException, a file deleted during the walk:
              // skip the entry, report it, keep walking the rest of the tree.
              events.fileReadFailed(file, "skipped during discovery: " + describe(e));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
              if (e != null) {
                events.fileReadFailed(dir, "directory listing failed during discovery: " + describe(e));
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException | RuntimeException e) {
      // walkFileTree routes per-entry failures to the visitor; this is only a failure on the root itself.
      events.fileReadFailed(include.root, "discovery failed: " + describe(e));
    }
  }

  private static String describe(Exception e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private static String absolute(String glob) {
    Objects.requireNonNull(glob, "glob");
    if (glob.isBlank()) {
      throw new IllegalArgumentException("glob: must not be blank");
    }
    if (glob.startsWith("/")) {
      return glob;
    }
    String cwd = Path.of("").toAbsolutePath().toString();
    return cwd.endsWith("/") ? cwd + glob : cwd + "/" + glob;
  }

  private static boolean hasWildcard(String segment) {
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '*' || c == '?' || c == '{' || c == '[' || c == '\\') {
        return true;
      }
    }
    return false;
  }

  /** One include pattern: where its walk starts, how deep it may go, and the full-path regex. */
  private record Include(Path root, int maxDepth, Pattern pattern) {
    static Include of(String glob) {
      String[] segments = glob.substring(1).split("/", -1);
      int fixed = 0;
      while (fixed < segments.length && !hasWildcard(segments[fixed])) {
        fixed++;
      }
      StringBuilder root = new StringBuilder();
      // The last segment names files; only directories before the first wildcard form the root.
      int rootSegments = Math.min(fixed, segments.length - 1);
      for (int i = 0; i < rootSegments; i++) {
        root.append('/').append(segments[i]);
      }
      boolean doubleStar = glob.contains("**");
      int maxDepth = fixed == segments.length ? 0 : doubleStar ? Integer.MAX_VALUE : segments.length - rootSegments;
      Path rootPath = fixed == segments.length ? Path.of(glob) : Path.of(root.length() == 0 ? "/" : root.toString());
      return new Include(rootPath.normalize(), maxDepth, Pattern.compile(toRegex(glob)));
    }
  }

  /** Translates a glob to a regex over a whole absolute path string. */
  static String toRegex(String glob) {
    StringBuilder re = new StringBuilder(glob.length() * 2);
    int braces = 0;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> {
          if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
            i++;
            if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
              i++;
              re.append("(?:.*/)?"); // zero or more whole directories
            } else {
              re.append(".*");
            }
          } else {
            re.append("[^/]*");
          }
        }
        case '?' -> re.append("[^/]");
        case '{' -> {
          braces++;
          re.append("(?:");
        }
        case '}' -> {
          if (braces > 0) {
            braces--;
            re.append(')');
          } else {
            re.append("\\}");
          }
        }
        case ',' -> re.append(braces > 0 ? "|" : ",");
        case '[' -> {
          int close = glob.indexOf(']', i + 2);
          if (close < 0) {
            re.append("\\[");
          } else {
            String body = glob.substring(i + 1, close);
            re.append('[');
            if (body.startsWith("!")) {
              re.append('^');
              body = body.substring(1);
            }
            re.append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
            i = close;
          }
        }
        case '\\' -> {
          if (i + 1 < glob.length()) {
            re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
          } else {
            re.append("\\\\");
          }
        }
        default -> {
          if ("().+^$|".indexOf(c) >= 0) {
            re.append('\\');
          }
          re.append(c);
        }
      }
    }
    if (braces != 0) {
      throw new IllegalArgumentException("glob: unbalanced '{' in " + glob);
    }
    return re.toString();
  }
}
