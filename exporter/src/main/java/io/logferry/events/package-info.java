/**
 * What the core reports about itself: {@link io.logferry.events.ExporterEvents}, one method per internal event, which
 * the packagings turn into log lines and metrics, and {@link io.logferry.events.StreamKey}, the log group and stream
 * an event goes to, which those reports name.
 *
 * <p>A package of its own, at the bottom, because every layer reports events ({@code checkpoint}, {@code source},
 * {@code pipeline}, {@code sink.cloudwatch}, {@code reconcile}, {@code runtime}). {@code StreamKey} lives here rather
 * than in {@code pipeline}, which partitions batches by it: the events name it, and if it stayed in {@code pipeline},
 * this package would depend on {@code pipeline} while {@code pipeline} (and {@code source}, below it) report events,
 * a cycle. It uses no other package of the core.
 *
 * <p>No parameter or return value is null unless its documentation says so.
 */
package io.logferry.events;
