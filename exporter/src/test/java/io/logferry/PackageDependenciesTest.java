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
 * <p>The layering it holds: the root package {@code io.logferry} is only the facade ({@code Exporter},
 * {@code ConfigValidator}) on top, which may use everything and which nothing in the core uses; the types every layer
 * shares live at the bottom in {@code config} and {@code events}; the sink SPI ({@code sink}) uses none of its
 * implementations ({@code sink.cloudwatch}, {@code sink.stdout}); and no two packages, each counted on its own, use
 * each other through any path.
 */
class PackageDependenciesTest {

  private static final String ROOT = "io.logferry";
  private static final String CONFIG = "io.logferry.config";
  private static final String EVENTS = "io.logferry.events";
  private static final String TIME = "io.logferry.time";
  private static final String CHECKPOINT = "io.logferry.checkpoint";
  private static final String SOURCE = "io.logferry.source";
  private static final String SINK = "io.logferry.sink";
  private static final Pattern NAME = Pattern.compile("io/logferry/([A-Za-z0-9_/$]+)");

  @Test
  void noPackageOfTheCoreIsInACycleRootAndSinkImplementationsIncluded() throws Exception {
    Map<String, Set<String>> uses = dependencies();
    assertThat(uses)
        .containsKeys(ROOT, CONFIG, EVENTS, TIME, CHECKPOINT, SOURCE, "io.logferry.pipeline", "io.logferry.delivery",
            "io.logferry.reconcile", "io.logferry.runtime", SINK, "io.logferry.sink.cloudwatch",
            "io.logferry.sink.stdout");
    assertThat(cycles(uses)).as("package cycles, from %s", uses).isEmpty();
  }

  @Test
  void theRootPackageIsTheFacadeOnTopAndNoOtherPackageUsesIt() throws Exception {
    Map<String, Set<String>> uses = dependencies();
    assertThat(uses.get(ROOT)).as("the facade wires the runtime to a sink").contains("io.logferry.runtime", SINK);
    uses.forEach((from, targets) -> {
      if (!from.equals(ROOT)) assertThat(targets).as("%s uses", from).doesNotContain(ROOT);
    });
  }

  @Test
  void theSinkSpiUsesNoneOfItsImplementations() throws Exception {
    Map<String, Set<String>> uses = dependencies();
    assertThat(uses.get(SINK)).as("sink uses").noneMatch(p -> p.startsWith(SINK + "."));
    assertThat(uses.get("io.logferry.sink.cloudwatch")).as("sink.cloudwatch uses").contains(SINK);
  }

  @Test
  void theSharedSettingsAndEventsUseNoOtherPackageOfTheCore() throws Exception {
    Map<String, Set<String>> uses = dependencies();
    assertThat(uses.get(CONFIG)).as("config uses").isEmpty();
    assertThat(uses.get(EVENTS)).as("events uses").isEmpty();
  }

  @Test
  void theReaderAndTheCheckpointDoNotKnowTheRestOfThePipeline() throws Exception {
    Map<String, Set<String>> uses = dependencies();
    assertThat(uses.get(CHECKPOINT)).as("checkpoint uses").isSubsetOf(EVENTS, TIME);
    assertThat(uses.get(SOURCE)).as("source uses").isSubsetOf(EVENTS, CONFIG, TIME, CHECKPOINT);
  }

  @Test
  void theCycleSearchFindsALoopAndASelfLoopAndNothingInAnAcyclicGraph() {
    Map<String, Set<String>> graph = new TreeMap<>();
    graph.put("a", Set.of("b"));
    graph.put("b", Set.of("c", "d"));
    graph.put("c", Set.of("a"));
    graph.put("d", Set.of("d"));
    graph.put("e", Set.of("a"));
    assertThat(cycles(graph)).containsExactlyInAnyOrder(List.of("a", "b", "c"), List.of("d"));
    graph.put("c", Set.of());
    graph.put("d", Set.of());
    assertThat(cycles(graph)).isEmpty();
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

  /** The package of a class; every package counts on its own (sub-packages are not folded into their parent). */
  private static String packageOf(String internalName) {
    int slash = internalName.lastIndexOf('/');
    return internalName.substring(0, slash).replace('/', '.');
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
