/**
 * The settings of an exporter as plain values: {@link io.logferry.config.ExporterConfig} (one exporter: checkpoint,
 * timings, memory budget, lines, and its {@link io.logferry.config.InputConfig inputs}) and
 * {@link io.logferry.config.ConfigException}, the one exception for a setting that is missing or wrong.
 *
 * <p>A package of its own because every layer reads its part of the settings ({@code source} the tailer's,
 * {@code pipeline} the templates, multiline and parser, {@code sink.cloudwatch} the endpoint, {@code runtime} the
 * rest), and each throws {@code ConfigException} where it checks what only it understands. Kept in the root package,
 * these values put the facade in a cycle with every layer. It uses no other package of the core.
 *
 * <p>The validation of a whole configuration, which asks those layers, is {@code io.logferry.ConfigValidator} on the
 * facade, run once when an exporter is built: it depends on the layers, so it cannot live below them.
 *
 * <p>No parameter or return value is null unless its documentation says so.
 */
package io.logferry.config;
