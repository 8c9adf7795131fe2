package io.logferry.source;

import io.logferry.events.ExporterEvents;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
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
 * A relative pattern is resolved against the working directory. Each include pattern is expanded from its longest
 * wildcard-free directory prefix: a pattern without {@code **} segment by segment, as glob(3) does (a literal
 * segment is resolved, not listed, so {@code /pods/*}{@code /app.log} costs one directory listing and one stat per
 * pod, whatever else the pod directories hold); a pattern with {@code **} by a walk no deeper than it can match.
 * Symlinks are followed (Kubernetes'
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
    if (include.segments != null) {
      expand(include.root, include.segments, 0, found);
      return;
    }
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

  /**
   * glob(3)-style expansion of {@code segments[i..]} under {@code dir}. Without {@code **} no segment can lead back up
   * the tree, so a symlink loop cannot make this recurse more than {@code segments.length} deep.
   */
  private void expand(Path dir, List<Segment> segments, int i, TreeSet<Path> found) {
    Segment segment = segments.get(i);
    boolean last = i == segments.size() - 1;
    if (segment.literal != null) {
      Path next = dir.resolve(segment.literal);
      if (last) {
        addIfRegularFile(next, found);
      } else {
        expand(next, segments, i + 1, found);
      }
      return;
    }
    List<Path> matching = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (segment.pattern.matcher(entry.getFileName().toString()).matches()) {
          matching.add(entry);
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return; // nothing there (yet), or a file where the pattern wants a directory: no match, not a failure
    } catch (IOException | RuntimeException e) {
      events.fileReadFailed(dir, "directory listing failed during discovery: " + describe(e));
      return;
    }
    for (Path entry : matching) {
      if (last) {
        addIfRegularFile(entry, found);
      } else {
        // No isDirectory() first: the next segment's stat or listing fails on a non-directory anyway, and
        // skipping it halves the system calls per pod directory.
        expand(entry, segments, i + 1, found);
      }
    }
  }

  private void addIfRegularFile(Path file, TreeSet<Path> found) {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class); // follows symlinks, as the walk does
    } catch (NoSuchFileException e) {
      return; // not there, or deleted between the listing and now
    } catch (FileSystemException e) {
      // ENOTDIR (a path component is a file) is "no match"; anything else (EACCES, ELOOP) is reported.
      if (e.getReason() != null && e.getReason().contains("Not a directory")) {
        return;
      }
      events.fileReadFailed(file, "skipped during discovery: " + describe(e));
      return;
    } catch (IOException | RuntimeException e) {
      events.fileReadFailed(file, "skipped during discovery: " + describe(e));
      return;
    }
    if (attrs.isRegularFile() && matches(file)) {
      found.add(file);
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

  /**
   * One include pattern: where its expansion starts, how deep it may go, the full-path regex, and, for patterns that
   * can be expanded segment by segment (no {@code **}, no alternative spanning a {@code /}), the segments after the
   * root; {@code null} means walk.
   */
  private record Include(Path root, int maxDepth, Pattern pattern, List<Segment> segments) {
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
      List<Segment> rest = null;
      if (fixed < segments.length && !doubleStar && segmentwise(glob)) {
        rest = new ArrayList<>();
        for (int i = rootSegments; i < segments.length; i++) {
          rest.add(Segment.of(segments[i]));
        }
        rest = List.copyOf(rest);
      }
      return new Include(rootPath.normalize(), maxDepth, Pattern.compile(toRegex(glob)), rest);
    }

    /** True when every {@code {...}} group and escape stays within one segment, so splitting on '/' is exact. */
    private static boolean segmentwise(String glob) {
      int braces = 0;
      for (int i = 0; i < glob.length(); i++) {
        char c = glob.charAt(i);
        if (c == '\\') {
          return false; // escapes are rare in log paths; the walk handles them exactly
        } else if (c == '{') {
          braces++;
        } else if (c == '}' && braces > 0) {
          braces--;
        } else if (c == '/' && braces > 0) {
          return false;
        } else if (c == '[') {
          int close = glob.indexOf(']', i + 2);
          if (close > 0 && glob.substring(i, close).indexOf('/') >= 0) {
            return false;
          }
        }
      }
      return true;
    }
  }

  /** One path segment of a pattern: a literal name (resolved, not listed) or a pattern over one file name. */
  private record Segment(String literal, Pattern pattern) {
    static Segment of(String segment) {
      return hasWildcard(segment) ? new Segment(null, Pattern.compile(toRegex(segment))) : new Segment(segment, null);
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
