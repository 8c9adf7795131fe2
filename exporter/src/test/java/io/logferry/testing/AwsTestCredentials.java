package io.logferry.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Dummy AWS credentials for a test class, as the system properties the SDK's default chain reads first. The local
 * endpoint, moto and LocalStack accept any; nothing real is ever configured in tests.
 */
public final class AwsTestCredentials implements BeforeAllCallback, AfterAllCallback {

  public static final String ACCESS_KEY_ID = "AKIDLOGFERRYTEST";
  public static final String SECRET_ACCESS_KEY = "logferry-test-not-a-secret";

  public static void set() {
    System.setProperty("aws.accessKeyId", ACCESS_KEY_ID);
    System.setProperty("aws.secretAccessKey", SECRET_ACCESS_KEY);
  }

  public static void clear() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    set();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    clear();
  }
}
