/**
 * The sink SPI: {@link io.logferry.sink.LogSink} (export a batch, acknowledge it with an
 * {@link io.logferry.sink.ExportResult}), {@link io.logferry.sink.StreamReader} for reading a stream back,
 * {@link io.logferry.sink.DeadLetterFile}, and {@link io.logferry.sink.NullSink} for benchmarks.
 *
 * <p>The implementations ({@code sink.cloudwatch}, {@code sink.stdout}) depend on this package, never the reverse:
 * which implementation runs, and with which limits, is chosen above (the facade's callers, the packagings), so
 * {@code NullSink} takes its limits rather than defaulting to CloudWatch's.
 */
package io.logferry.sink;
