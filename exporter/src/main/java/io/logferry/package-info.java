/**
 * The facade of the core, on top of everything: {@link io.logferry.Exporter} wires the {@code runtime} to a
 * {@code sink} and runs one of the two modes, after {@link io.logferry.ConfigValidator} has checked the whole
 * configuration once.
 *
 * <p>Nothing in the core depends on this package (the packagings do). The types the layers share live below them:
 * the settings in {@code io.logferry.config}, the internal events in {@code io.logferry.events}, the checkpoint's
 * exceptions beside what throws them in {@code io.logferry.checkpoint}. {@code PackageDependenciesTest} holds the
 * layering: no package cycle, nothing uses the root package.
 *
 * <p>No parameter or return value is null unless its documentation says so.
 */
package io.logferry;
