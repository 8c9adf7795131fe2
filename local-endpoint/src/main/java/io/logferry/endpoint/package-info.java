/**
 * A strict local CloudWatch Logs endpoint for tests and benchmarks. The public surface is
 * {@link io.logferry.endpoint.LocalCloudWatchLogs} (start, ground truth, faults), its value types
 * ({@link io.logferry.endpoint.Options}, {@link io.logferry.endpoint.Faults},
 * {@link io.logferry.endpoint.RecordingMode}, {@link io.logferry.endpoint.RecordedEvent},
 * {@link io.logferry.endpoint.EndpointStats}, {@link io.logferry.endpoint.TlsMaterial}) and the standalone
 * {@link io.logferry.endpoint.LocalEndpointMain}; every other class is a package-private implementation detail.
 */
package io.logferry.endpoint;
