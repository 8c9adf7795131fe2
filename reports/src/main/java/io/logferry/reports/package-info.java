/**
 * The sidecar-vs-CronJob report: reads the benchmark results ({@link io.logferry.reports.JmhResultReader},
 * {@link io.logferry.reports.ProcessResultReader}, {@link io.logferry.reports.ClusterResultReader}), prices them
 * ({@link io.logferry.reports.CostModel}, {@link io.logferry.reports.Prices}), decides
 * ({@link io.logferry.reports.DecisionGuide}) and writes the report in every {@link io.logferry.reports.ReportFormat}
 * through a {@link io.logferry.reports.Reporter}. Entry point: {@link io.logferry.reports.ReportMain}
 * ({@code reports/generate.sh}).
 *
 * <p>Public types are the readers, the records they produce, the cost model, the decision guide and the reporter
 * interface; the rendering ({@code TextReporter} and its subclasses, {@code Charts}, {@code ReportBuilder}) is
 * package-private.
 */
package io.logferry.reports;
