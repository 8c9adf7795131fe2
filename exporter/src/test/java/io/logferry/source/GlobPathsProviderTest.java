package io.logferry.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobPathsProviderTest {

  @TempDir Path dir;
  private final RecordingEvents events = new RecordingEvents();

  private Path touch(String rel) throws IOException {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "x\n");
    return p;
  }

  private List<Path> scan(List<String> include, List<String> exclude) {
    return new GlobPathsProvider(include, exclude, events).paths();
  }

  @Test
  void starMatchesWithinOneDirectoryAndExcludeWins() throws IOException {
    Path a = touch("a.log");
    Path b = touch("b.log");
    touch("c.txt");
    touch("sub/d.log");
    assertThat(scan(List.of(dir + "/*.log"), List.of(dir + "/b.*"))).containsExactly(a);
    assertThat(scan(List.of(dir + "/*.log"), List.of())).containsExactly(a, b);
  }

  @Test
  void doubleStarCrossesDirectoriesIncludingNone() throws IOException {
    Path top = touch("top.log");
    Path one = touch("x/one.log");
    Path deep = touch("x/y/z/deep.log");
    touch("x/y/z/deep.txt");
    assertThat(scan(List.of(dir + "/**/*.log"), List.of())).containsExactly(top, one, deep);
    assertThat(scan(List.of(dir + "/**/*.log"), List.of(dir + "/x/y/**"))).containsExactly(top, one);
  }

  @Test
  void questionMarkAndBracesAndClasses() throws IOException {
    Path a1 = touch("app-1.log");
    Path a2 = touch("app-2.log");
    touch("app-10.log");
    Path err = touch("err.out");
    touch("other.out");
    assertThat(scan(List.of(dir + "/app-?.log"), List.of())).containsExactly(a1, a2);
    assertThat(scan(List.of(dir + "/{app-1.log,err.out}"), List.of())).containsExactly(a1, err);
    assertThat(scan(List.of(dir + "/app-[2-9].log"), List.of())).containsExactly(a2);
  }

  @Test
  void walksOnlyUnderTheWildcardFreePrefixAndOnlyAsDeepAsThePatternReaches() throws IOException {
    Path pod = touch("pods/ns_pod_uid/app/0.log");
    touch("pods/ns_pod_uid/app/deeper/1.log");
    touch("elsewhere/ns_pod_uid/app/0.log");
    assertThat(scan(List.of(dir + "/pods/*/*/*.log"), List.of())).containsExactly(pod);
  }

  @Test
  void aPatternWithoutWildcardsNamesOneFile() throws IOException {
    Path a = touch("exact.log");
    assertThat(scan(List.of(a.toString()), List.of())).containsExactly(a);
    assertThat(scan(List.of(dir + "/missing.log"), List.of())).isEmpty();
  }

  @Test
  void returnsOnlyRegularFilesFollowingSymlinksInSortedOrder() throws IOException {
    Path real = touch("data/real.log");
    Files.createDirectories(dir.resolve("logs/dir.log")); // a directory whose name matches
    Path link = dir.resolve("logs/link.log");
    Files.createSymbolicLink(link, real);
    Path z = touch("logs/z.log");
    Path a = touch("logs/a.log");
    assertThat(scan(List.of(dir + "/logs/*.log"), List.of())).containsExactly(a, link, z);
  }

  @Test
  void symlinkLoopIsSkippedAndReportedWithoutFailingTheScan() throws IOException {
    Path ok = touch("tree/ok.log");
    Files.createSymbolicLink(dir.resolve("tree/loop"), dir.resolve("tree"));
    Path deeper = touch("tree/sub/deeper.log");
    List<Path> found = scan(List.of(dir + "/tree/**/*.log"), List.of());
    assertThat(found).containsExactly(ok, deeper);
    assertThat(events.starting("failed loop")).singleElement().asString().contains("FileSystemLoopException");
  }

  @Test
  void aMissingRootIsNotAnError() {
    assertThat(scan(List.of(dir + "/nope/**/*.log"), List.of())).isEmpty();
    assertThat(events.events).isEmpty();
  }

  @Test
  void relativePatternsResolveAgainstTheWorkingDirectory() {
    GlobPathsProvider p = new GlobPathsProvider(List.of("some/*.log"), List.of(), events);
    assertThat(p.matches(Path.of("").toAbsolutePath().resolve("some/x.log"))).isTrue();
    assertThat(p.matches(Path.of("").toAbsolutePath().resolve("some/x.txt"))).isFalse();
  }

  @Test
  void rejectsAnEmptyIncludeAndUnbalancedBraces() {
    assertThatThrownBy(() -> new GlobPathsProvider(List.of(), List.of(), events))
        .hasMessageContaining("include");
    assertThatThrownBy(() -> new GlobPathsProvider(List.of("/a/{b,c"), List.of(), events))
        .hasMessageContaining("unbalanced");
  }

  @Test
  void podPatternsExpandSegmentBySegmentThroughSymlinksAndIgnoreFilesWhereDirectoriesAreExpected() throws IOException {
    Path one = touch("pods/ns_a_1/app/0.log");
    Path two = touch("pods/ns_b_2/app/0.log");
    touch("pods/ns_b_2/other/0.log");
    touch("pods/not-a-dir"); // a file where the pattern wants a directory: no match, no failure
    Files.createSymbolicLink(dir.resolve("pods/ns_c_3"), dir.resolve("pods/ns_a_1"));
    Path viaLink = dir.resolve("pods/ns_c_3/app/0.log");
    assertThat(scan(List.of(dir + "/pods/*/app/0.log"), List.of())).containsExactly(one, two, viaLink);
    assertThat(scan(List.of(dir + "/pods/ns_{a,b}_?/app/*.log"), List.of(dir + "/pods/ns_b*/**")))
        .containsExactly(one);
    assertThat(events.events).isEmpty();
  }

  @Test
  void alternativesSpanningDirectoriesStillMatchExactly() throws IOException {
    Path a = touch("x/a/one.log");
    Path b = touch("y/one.log");
    touch("x/b/one.log");
    assertThat(scan(List.of(dir + "/{x/a,y}/*.log"), List.of())).containsExactly(a, b);
  }

  @Test
  void segmentExpansionAndTheWalkAgreeOnEveryFileOfATree() throws IOException {
    for (String rel : List.of("p/a/app.log", "p/a/app.log.1", "p/b/app.log", "p/b/c/app.log", "p/.hidden/app.log",
        "p/d/x.log", "q/a/app.log")) {
      touch(rel);
    }
    // "**" forces the walk; the same files must come out of the segment-wise expansion.
    assertThat(scan(List.of(dir + "/p/*/app.log*"), List.of()))
        .isEqualTo(scan(List.of(dir + "/p/**/app.log*"), List.of()).stream()
            .filter(f -> dir.resolve("p").relativize(f).getNameCount() == 2).toList());
  }
}
