package io.logferry.reports;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The prices the cost model multiplies the measurements with. Every default names its source and the date it was read;
 * override any of them with a properties file or {@code --price key=value} (keys as in {@link #KEYS}).
 *
 * <p>"GB" in AWS price lists is treated as GiB (AWS bills storage and ingestion per 2^30 bytes).
 *
 * @param vcpuHour USD per vCPU-hour
 * @param memGibHour USD per GiB-hour of memory
 * @param ingestPerGb CloudWatch Logs ingestion, USD per GB (same bytes in both modes)
 * @param rwxGbMonth the CronJob's ReadWriteMany volume (EFS Standard), USD per GB-month stored
 * @param rwxWritePerGb EFS Elastic Throughput writes, USD per GB (the apps write their logs onto the shared volume)
 * @param rwxReadPerGb EFS Elastic Throughput reads, USD per GB (the CronJob reads them back)
 * @param rwxRetentionHours how long rotated files stay on the volume before they are deleted
 */
public record Prices(
    double vcpuHour,
    double memGibHour,
    double ingestPerGb,
    double rwxGbMonth,
    double rwxWritePerGb,
    double rwxReadPerGb,
    double rwxRetentionHours) {

  /** The date the default prices were read (through the search tool's stored pages). */
  public static final String READ_ON = "2026-11-23";

  /** Hours in a month as AWS bills them (the EFS pricing page's example uses 744 for a 31-day month; 730 is the mean). */
  public static final double HOURS_PER_MONTH = 730;

  /** The property keys, in the order shown, with the source of each default. */
  public static final Map<String, String> KEYS = sources();

  public Prices {
    require("vcpuHour", vcpuHour);
    require("memGibHour", memGibHour);
    require("ingestPerGb", ingestPerGb);
    require("rwxGbMonth", rwxGbMonth);
    require("rwxWritePerGb", rwxWritePerGb);
    require("rwxReadPerGb", rwxReadPerGb);
    require("rwxRetentionHours", rwxRetentionHours);
  }

  /** AWS us-east-1 on-demand list prices (Fargate Linux/x86, CloudWatch Logs Standard, EFS Standard + Elastic). */
  public static Prices defaults() {
    return new Prices(0.04048, 0.004445, 0.50, 0.30, 0.06, 0.03, 24);
  }

  /** {@code base} with every key present in {@code props} replaced; unknown keys are an error, not ignored. */
  public static Prices from(Properties props, Prices base) {
    Map<String, Double> v = base.asMap();
    for (String key : props.stringPropertyNames()) {
      if (!v.containsKey(key)) {
        throw new IllegalArgumentException("unknown price '" + key + "'; known: " + String.join(", ", v.keySet()));
      }
      String raw = props.getProperty(key).trim();
      try {
        v.put(key, Double.parseDouble(raw));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("price '" + key + "' is not a number: '" + raw + "'", e);
      }
    }
    return new Prices(v.get("vcpuHour"), v.get("memGibHour"), v.get("ingestPerGb"), v.get("rwxGbMonth"),
        v.get("rwxWritePerGb"), v.get("rwxReadPerGb"), v.get("rwxRetentionHours"));
  }

  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("vcpuHour", vcpuHour);
    m.put("memGibHour", memGibHour);
    m.put("ingestPerGb", ingestPerGb);
    m.put("rwxGbMonth", rwxGbMonth);
    m.put("rwxWritePerGb", rwxWritePerGb);
    m.put("rwxReadPerGb", rwxReadPerGb);
    m.put("rwxRetentionHours", rwxRetentionHours);
    return m;
  }

  public boolean isDefault(String key) {
    return defaults().asMap().get(key).equals(asMap().get(key));
  }

  private static Map<String, String> sources() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("vcpuHour", "USD per vCPU-hour. Default: AWS Fargate, Linux/x86, us-east-1, on-demand, $0.04048"
        + " (aws.amazon.com/fargate/pricing, as quoted by vantage.sh/blog/fargate-pricing and"
        + " wring.co/blog/aws-fargate-pricing-guide, March 2026; read " + READ_ON + ")");
    m.put("memGibHour", "USD per GiB-hour of memory. Default: AWS Fargate, Linux/x86, us-east-1, $0.004445"
        + " (same sources and date)");
    m.put("ingestPerGb", "USD per GB ingested into CloudWatch Logs. Default: Standard log class, us-east-1, $0.50"
        + " (aws.amazon.com/cloudwatch/pricing, as quoted by c3x.dev/blog/cloudwatch-logs-cost-optimization,"
        + " June 2026; read " + READ_ON + ")");
    m.put("rwxGbMonth", "USD per GB-month on the ReadWriteMany volume. Default: Amazon EFS Standard, $0.30"
        + " (aws.amazon.com/efs/pricing; factualminds.com EFS pricing breakdown, us-east-1, June 2026; read "
        + READ_ON + ")");
    m.put("rwxWritePerGb", "USD per GB written to the RWX volume. Default: EFS Elastic Throughput writes, $0.06"
        + " (factualminds.com EFS pricing breakdown, June 2026; read " + READ_ON + ")");
    m.put("rwxReadPerGb", "USD per GB read from the RWX volume. Default: EFS Elastic Throughput reads, $0.03"
        + " (same source and date)");
    m.put("rwxRetentionHours", "Hours a log byte stays on the RWX volume before rotation deletes it. Default: 24"
        + " (an assumption, not a price: set it to your rotation policy)");
    return m;
  }

  private static void require(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "price %s must be >= 0, got %s", name, value));
    }
  }
}
