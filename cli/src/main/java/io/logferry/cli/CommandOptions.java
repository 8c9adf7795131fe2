package io.logferry.cli;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Turns the declarations of {@link Settings} into picocli options of a command, with help written from the
 * declaration: what it does, its default, what is allowed, its variable, and where its current value comes from when
 * that is not the command line (so an image's default is never silent). Values are read back and checked by
 * {@link SettingSources}; picocli only collects the text.
 */
final class CommandOptions {

  private CommandOptions() {}

  /**
   * Adds the options of {@code modes} to {@code spec} (once; a command that has them already is left alone).
   *
   * @param environment for help only: shows values set by variables and properties
   */
  static void install(CommandSpec spec, Set<Setting.Mode> modes, EnvironmentDefaults environment) {
    if (spec.findOption(Settings.CONFIG.flag()) != null) return;
    for (Setting<?> s : Settings.ALL) {
      if (s.modes().stream().noneMatch(modes::contains)) continue;
      spec.addOption(option(s, environment));
      if (s.type().isSwitch()) {
        spec.addOption(OptionSpec.builder(negated(s)).arity("0").type(boolean.class).hidden(true).build());
      }
    }
  }

  /** Installs the options on {@code commandLine} and its subcommands that mix in {@link ExporterOptions}. */
  static void installAll(CommandLine commandLine, EnvironmentDefaults environment) {
    CommandSpec spec = commandLine.getCommandSpec();
    boolean exporter = false;
    Set<Setting.Mode> modes = EnumSet.noneOf(Setting.Mode.class);
    for (CommandSpec mixin : spec.mixins().values()) {
      Object o = mixin.userObject();
      if (o instanceof ExporterOptions) exporter = true;
      if (o instanceof RunOnceOptions) modes.add(Setting.Mode.RUN_ONCE);
      if (o instanceof FollowOptions) modes.add(Setting.Mode.FOLLOW);
    }
    if (exporter && !modes.isEmpty()) install(spec, modes, environment);
    for (CommandLine sub : commandLine.getSubcommands().values()) installAll(sub, environment);
  }

  /** {@code --no-create-group}. */
  static String negated(Setting<?> s) {
    return "--no-" + s.key();
  }

  private static OptionSpec option(Setting<?> s, EnvironmentDefaults environment) {
    OptionSpec.Builder b = OptionSpec.builder(s.flag()).paramLabel(s.label()).description(description(s, environment));
    if (s.type().isSwitch()) {
      b.arity("0").type(boolean.class);
    } else if (s.type().repeatable()) {
      b.arity("1").type(List.class).auxiliaryTypes(String.class).splitRegex(SettingTypes.LIST_SPLIT).splitRegexSynopsisLabel(",");
    } else {
      b.arity("1").type(String.class);
    }
    return b.build();
  }

  static String[] description(Setting<?> s, EnvironmentDefaults environment) {
    List<String> lines = new ArrayList<>();
    lines.add(s.help());
    StringBuilder facts = new StringBuilder();
    if (s.defaultText() != null) facts.append("Default: ").append(s.defaultText()).append(". ");
    String allowed = s.type().allowed();
    if (allowed.indexOf(',') > 0 || allowed.startsWith("a size") || allowed.startsWith("an integer")
        || allowed.startsWith("a duration")) {
      facts.append("Allowed: ").append(allowed).append(". ");
    }
    facts.append("Variable: ").append(s.variable()).append('.');
    if (s.scope() == Setting.Scope.INPUT) facts.append(" Per input in a config file.");
    lines.add(facts.toString());
    String now = current(s, environment);
    if (now != null) lines.add(now);
    List<String> escaped = new ArrayList<>();
    for (String line : lines) escaped.add(line.replace("%", "%%"));
    return escaped.toArray(String[]::new);
  }

  /** "Set by property logferry.checkpoint-dir: /var/lib/logferry." when a variable or property sets it. */
  private static String current(Setting<?> s, EnvironmentDefaults environment) {
    if (environment == null) return null;
    String origin = null;
    String value = environment.env(s.variable()).filter(v -> !v.isEmpty()).orElse(null);
    if (value != null) {
      origin = "variable " + s.variable();
    } else {
      value = environment.property(s.property()).orElse(null);
      if (value != null) origin = "property " + s.property();
    }
    if (value == null) return null;
    boolean secret = s == Settings.TRUST_STORE_PASSWORD;
    return "Set by " + origin + (secret ? "." : ": " + Redactor.redact(value) + ".");
  }
}
