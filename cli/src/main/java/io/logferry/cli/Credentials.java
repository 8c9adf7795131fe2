package io.logferry.cli;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The credentials the CloudWatch sink signs with: the SDK's default chain (environment, profile, web identity/IRSA, Pod
 * Identity, instance role), or, with {@code --role-arn}, a role assumed with those credentials through STS, refreshed
 * by the SDK before it expires. No secret passes through logferry's options either way.
 */
final class Credentials {

  private Credentials() {}

  /** The provider for {@code --role-arn}, or {@code null} for the sink's default chain. */
  static AwsCredentialsProvider provider(SettingSources src) {
    String roleArn = src.get(Settings.ROLE_ARN).value();
    if (roleArn == null || roleArn.isBlank()) return null;
    String region = src.get(Settings.REGION).value();
    URI stsEndpoint = src.get(Settings.STS_ENDPOINT).value();
    StsClientBuilder sts =
        StsClient.builder()
            .region(Region.of(region == null || region.isBlank() ? ExporterOptions.ENDPOINT_DEFAULT_REGION : region))
            .credentialsProvider(DefaultCredentialsProvider.builder().build())
            .httpClient(UrlConnectionHttpClient.builder().build());
    if (stsEndpoint != null) sts.endpointOverride(stsEndpoint);
    String session = src.get(Settings.ROLE_SESSION_NAME).value();
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts.build())
        .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(session))
        .asyncCredentialUpdateEnabled(false)
        .build();
  }
}
