package io.logferry.bench.cluster;

/**
 * Which program ships a {@link Deployment}'s pods: logferry (the apps' jars with their images' JVM flags) or, beside
 * it in the same windows, Fluent Bit (a given binary with {@code bench/fluent-bit/study-follow.conf}) as the peer.
 */
enum Shipper {
  LOGFERRY("logferry"),
  FLUENT_BIT("fluent-bit");

  private final String label;

  Shipper(String label) {
    this.label = label;
  }

  /** The value of {@code Setup.shipper} in the result files. */
  String label() {
    return label;
  }
}
