package io.logferry.k8s.sidecar;

/**
 * One health check of the sidecar ({@link PipelineLiveness}, {@link ExporterReadiness}), answered on every probe. A
 * check runs on a health-server thread and must be cheap or cache what is not ({@link ExporterReadiness} caches the
 * sink's healthcheck).
 */
interface HealthCheck {

  HealthResponse call();
}
