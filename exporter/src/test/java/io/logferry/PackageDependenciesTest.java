package io.logferry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of the core, read from the compiled classes (every class name and type descriptor in each class file's
 * constant pool): which package uses which.
 *
 * <p>Among the sub-packages ({@code checkpoint}, {@code source}, {@code pipeline}, {@code delivery}, {@code sink} with
 * its own sub-packages, {@code runtime}, {@code time}) there is no cycle. The root package {@code io.logferry} is left out of the cycle
 * check, and the test says why: it holds both the facade ({@code Exporter}, which wires {@code runtime} and
 * {@code sink}) and the shared types every package uses ({@code ExporterEvents}, {@code ExporterConfig}, the
 * exceptions), so it is in a cycle with every package that uses them until those move to a package of their own.
 */
class PackageDependenciesTest {

  private static final String ROOT = "io.logferry";
  private static final Pattern NAME = Pattern.compile("io/logferry/([A-Za-z0-9_/$]+)");

  @Test
  void theSubPackagesOfTheCoreFormNoCycle() throws Exception {
    Map<String, Set<String>> uses = dependencies();
    assertThat(uses).containsKeys("io.logferry.checkpoint", "io.logferry.source", "io.logferry.runtime");
    uses.remove(ROOT);
    uses.values().forEach(targets -> targets.remove(ROOT));
    assertThat(cycles(uses)).as("package cycles, from %s", uses).isEmpty();
  }

  @Test
  void theReaderAndTheCheckpointDoNotKnowTheRestOfThePipeline() throws Exception {
    Map<String, Set<String>> uses = dependencies();
    assertThat(uses.get("io.logferry.checkpoint")).as("checkpoint uses").isSubsetOf(ROOT, "io.logferry.time");
    assertThat(uses.get("io.logferry.source"))
        .as("source uses")
        .isSubsetOf(ROOT, "io.logferry.time", "io.logferry.checkpoint");
  }

  /** Package → the other io.logferry packages its classes refer to. */
  private static Map<String, Set<String>> dependencies() throws IOException, URISyntaxException {
    Path classes = Path.of(io.logferry.Exporter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Map<String, Set<String>> uses = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(p -> p.toString().endsWith(".class")).toList();
    }
    for (Path file : files) {
      String from = packageOf(classes.relativize(file).toString().replace('\\', '/'));
      Set<String> targets = uses.computeIfAbsent(from, k -> new TreeSet<>());
      try (InputStream in = Files.newInputStream(file)) {
        for (String utf8 : constantPoolStrings(in)) {
          Matcher m = NAME.matcher(utf8);
          while (m.find()) {
            String to = packageOf("io/logferry/" + m.group(1));
            if (!to.equals(from)) targets.add(to);
          }
        }
      }
    }
    return uses;
  }

  /**
   * The package of a class, with {@code sink} and its sub-packages counted as one component: the sink SPI and its
   * implementations ({@code sink.cloudwatch}, {@code sink.stdout}) refer to each other today (a known cycle inside
   * the sink component, outside this test's scope).
   */
  private static String packageOf(String internalName) {
    int slash = internalName.lastIndexOf('/');
    String pkg = internalName.substring(0, slash).replace('/', '.');
    return pkg.startsWith("io.logferry.sink.") ? "io.logferry.sink" : pkg;
  }

  /** The UTF-8 entries of a class file's constant pool: class names, descriptors, signatures (JVMS 4.4). */
  private static List<String> constantPoolStrings(InputStream raw) throws IOException {
    DataInputStream in = new DataInputStream(raw);
    in.readInt(); // magic
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    List<String> out = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> out.add(in.readUTF());
        case 7, 8, 16, 19, 20 -> in.skipBytes(2);
        case 15 -> in.skipBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
        case 5, 6 -> {
          in.skipBytes(8);
          i++; // takes two entries
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    return out;
  }

  /** Every cycle's packages, found by a depth-first search (empty when the graph is acyclic). */
  private static List<List<String>> cycles(Map<String, Set<String>> graph) {
    List<List<String>> found = new ArrayList<>();
    Map<String, Integer> state = new TreeMap<>(); // 1: on the stack, 2: done
    for (String start : graph.keySet()) {
      visit(start, graph, state, new ArrayList<>(), found);
    }
    return found;
  }

  private static void visit(String node, Map<String, Set<String>> graph, Map<String, Integer> state, List<String> stack,
      List<List<String>> found) {
    Integer s = state.get(node);
    if (s != null && s == 2) return;
    if (s != null && s == 1) {
      found.add(List.copyOf(stack.subList(stack.indexOf(node), stack.size())));
      return;
    }
    state.put(node, 1);
    stack.add(node);
    for (String next : graph.getOrDefault(node, Set.of())) {
      visit(next, graph, state, stack, found);
    }
    stack.remove(stack.size() - 1);
    state.put(node, 2);
  }
}
