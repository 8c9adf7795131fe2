package io.logferry.cli;

import io.logferry.config.ConfigException;
import io.logferry.config.InputConfig.FilterConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML config file ({@code --config}, {@code LOGFERRY_CONFIG}), read as a node tree so that every value keeps its
 * line: top-level keys are the options' long names ({@link Settings}), and {@code inputs:} is a list of inputs, each
 * with the per-input keys and {@code filters:}. Only the shape is checked here (known keys, in the right place, the
 * right kind of node); values are checked with every other source's by {@link SettingSources}.
 *
 * <p>Parsed with SnakeYAML's safe constructor: no tags, no objects, only mappings, lists and scalars; aliases are
 * limited by SnakeYAML's defaults (no billion laughs).
 */
final class ConfigFile {

  /** A value as written: a {@link String}, a {@code List<String>} or a {@code Map<String, String>}, with its line. */
  record Entry(Object value, Origin origin) {}

  /** One entry of {@code inputs:}. */
  record InputEntry(int index, Origin origin, Map<String, Entry> keys, List<FilterEntry> filters) {
    /** {@code inputs[2]}. */
    String name() {
      return "inputs[" + index + "]";
    }
  }

  /** One entry of an input's {@code filters:}. */
  record FilterEntry(FilterConfig filter, Origin origin) {}

  /** Keys a filter entry may hold. */
  private static final List<String> FILTER_KINDS = List.of("include", "exclude", "redact");

  private final Path path;
  private final Map<String, Entry> top;
  private final List<InputEntry> inputs;
  private final boolean hasInputs;

  private ConfigFile(Path path, Map<String, Entry> top, List<InputEntry> inputs, boolean hasInputs) {
    this.path = path;
    this.top = top;
    this.inputs = inputs;
    this.hasInputs = hasInputs;
  }

  Path path() {
    return path;
  }

  /** The top-level value of {@code key}, or {@code null}. */
  Entry top(String key) {
    return top.get(key);
  }

  /** The file declares {@code inputs:}. */
  boolean hasInputs() {
    return hasInputs;
  }

  List<InputEntry> inputs() {
    return inputs;
  }

  /**
   * Reads and checks the shape of {@code file}.
   *
   * @throws ConfigException naming the file and line of the first problem
   */
  static ConfigFile load(Path file, Origin from) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("config " + file + " (" + from + "): cannot be read: " + e.getMessage(), e);
    }
    Node root;
    try (Reader r = new java.io.StringReader(text)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(r);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new ConfigException(file + ":" + line + ": not valid YAML: " + e.getProblem());
    } catch (YAMLException | IOException e) {
      throw new ConfigException(file + ": not valid YAML: " + e.getMessage());
    }
    Walker reader = new Walker(file);
    if (root == null) return new ConfigFile(file, Map.of(), List.of(), false);
    if (!(root instanceof MappingNode map)) {
      throw new ConfigException(reader.at(root) + ": the config file must be a mapping of option names to values");
    }
    Map<String, Entry> top = new LinkedHashMap<>();
    List<InputEntry> inputs = new ArrayList<>();
    boolean hasInputs = false;
    for (NodeTuple t : map.getValue()) {
      String key = reader.key(t);
      if (key.equals("inputs")) {
        hasInputs = true;
        inputs = reader.inputs(t.getValueNode());
        continue;
      }
      Setting<?> s = reader.known(key, t.getKeyNode());
      if (s.scope() == Setting.Scope.COMMAND_LINE) {
        throw new ConfigException(reader.at(t.getKeyNode()) + ": '" + key + "' can only be given as " + s.flag() + " or " + s.variable());
      }
      top.put(key, reader.entry(t.getValueNode()));
    }
    return new ConfigFile(file, Map.copyOf(top), List.copyOf(inputs), hasInputs);
  }

  /** Node walking with positions; every message starts with {@code file:line}. */
  private static final class Walker {
    private final Path file;

    Walker(Path file) {
      this.file = file;
    }

    String at(Node n) {
      return file + ":" + (n.getStartMark().getLine() + 1);
    }

    Origin origin(Node n) {
      return Origin.file(at(n));
    }

    String key(NodeTuple t) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) throw new ConfigException(at(t.getKeyNode()) + ": a key must be a plain name");
      return k.getValue();
    }

    Setting<?> known(String key, Node at) {
      Setting<?> s = Settings.byKey(key);
      if (s == null) {
        throw new ConfigException(at(at) + ": unknown key '" + key + "'" + suggestion(key) + "; see --help for the option names");
      }
      return s;
    }

    Entry entry(Node n) {
      if (n instanceof ScalarNode s) {
        // 'sink: null' names the null sink: only an empty value is no value.
        if (s.getValue().isEmpty()) throw new ConfigException(at(n) + ": no value");
        return new Entry(s.getValue(), origin(n));
      }
      if (n instanceof SequenceNode seq) {
        List<String> values = new ArrayList<>();
        for (Node item : seq.getValue()) {
          if (!(item instanceof ScalarNode s)) throw new ConfigException(at(item) + ": a list item must be a single value");
          values.add(s.getValue());
        }
        return new Entry(List.copyOf(values), origin(n));
      }
      MappingNode m = (MappingNode) n;
      Map<String, String> values = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        if (!(t.getValueNode() instanceof ScalarNode v)) throw new ConfigException(at(t.getValueNode()) + ": a value must be a single value");
        values.put(key(t), v.getValue());
      }
      return new Entry(Map.copyOf(values), origin(n));
    }

    List<InputEntry> inputs(Node n) {
      if (!(n instanceof SequenceNode seq)) throw new ConfigException(at(n) + ": 'inputs' must be a list of inputs");
      List<InputEntry> out = new ArrayList<>();
      int index = 0;
      for (Node item : seq.getValue()) {
        index++;
        if (!(item instanceof MappingNode m)) {
          throw new ConfigException(at(item) + ": inputs[" + index + "] must be a mapping (include, group, ...)");
        }
        Map<String, Entry> keys = new LinkedHashMap<>();
        List<FilterEntry> filters = List.of();
        for (NodeTuple t : m.getValue()) {
          String key = key(t);
          if (key.equals("filters")) {
            filters = filters(t.getValueNode(), index);
            continue;
          }
          Setting<?> s = known(key, t.getKeyNode());
          if (s.scope() != Setting.Scope.INPUT) {
            throw new ConfigException(at(t.getKeyNode()) + ": inputs[" + index + "]: '" + key + "' applies to the whole "
                + "process: set it at the top level");
          }
          keys.put(key, entry(t.getValueNode()));
        }
        out.add(new InputEntry(index, origin(item), Map.copyOf(keys), filters));
      }
      if (out.isEmpty()) throw new ConfigException(at(n) + ": 'inputs' is empty");
      return out;
    }

    List<FilterEntry> filters(Node n, int input) {
      if (!(n instanceof SequenceNode seq)) {
        throw new ConfigException(at(n) + ": inputs[" + input + "].filters must be a list such as - exclude: 'GET /healthz'");
      }
      List<FilterEntry> out = new ArrayList<>();
      for (Node item : seq.getValue()) {
        if (!(item instanceof MappingNode m)) {
          throw new ConfigException(at(item) + ": a filter is one of include: REGEX, exclude: REGEX, redact: REGEX");
        }
        FilterConfig.Kind kind = null;
        String pattern = null;
        String mask = null;
        for (NodeTuple t : m.getValue()) {
          String key = key(t);
          if (!(t.getValueNode() instanceof ScalarNode v)) throw new ConfigException(at(t.getValueNode()) + ": '" + key + "' needs one value");
          if (FILTER_KINDS.contains(key)) {
            if (kind != null) throw new ConfigException(at(t.getKeyNode()) + ": one filter per list item (include, exclude or redact)");
            kind = FilterConfig.Kind.valueOf(key.toUpperCase(Locale.ROOT));
            pattern = v.getValue();
          } else if (key.equals("mask")) {
            mask = v.getValue();
          } else {
            throw new ConfigException(at(t.getKeyNode()) + ": unknown filter key '" + key + "' (include, exclude, redact, mask)");
          }
        }
        if (kind == null) throw new ConfigException(at(item) + ": a filter needs include, exclude or redact");
        if (mask != null && kind != FilterConfig.Kind.REDACT) throw new ConfigException(at(item) + ": mask applies to redact only");
        out.add(new FilterEntry(new FilterConfig(kind, pattern, mask), origin(item)));
      }
      return List.copyOf(out);
    }

    private static String suggestion(String key) {
      String best = null;
      int bestDistance = 3;
      for (Setting<?> s : Settings.ALL) {
        int d = distance(key, s.key());
        if (d < bestDistance) {
          best = s.key();
          bestDistance = d;
        }
      }
      return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
      int[] prev = new int[b.length() + 1];
      int[] cur = new int[b.length() + 1];
      for (int j = 0; j <= b.length(); j++) prev[j] = j;
      for (int i = 1; i <= a.length(); i++) {
        cur[0] = i;
        for (int j = 1; j <= b.length(); j++) {
          int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
          cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
        }
        int[] t = prev;
        prev = cur;
        cur = t;
      }
      return prev[b.length()];
    }
  }
}
