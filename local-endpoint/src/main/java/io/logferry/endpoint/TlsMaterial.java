package io.logferry.endpoint;

import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * What a client needs to trust the endpoint's self-signed certificate (valid for {@code localhost} and
 * {@code 127.0.0.1}). The files live in a temporary directory removed on {@link LocalCloudWatchLogs#close()}.
 *
 * @param trustManagers trust managers trusting exactly this certificate (give them to the AWS SDK's
 *     {@code tlsTrustManagersProvider})
 * @param clientSslContext an {@link SSLContext} initialised with {@code trustManagers}
 * @param certificatePem the certificate in PEM form
 * @param truststore a PKCS12 truststore holding only the certificate (for {@code -Djavax.net.ssl.trustStore})
 * @param truststorePassword the truststore's integrity password; not a secret: the store holds a public certificate
 */
public record TlsMaterial(
    TrustManager[] trustManagers,
    SSLContext clientSslContext,
    Path certificatePem,
    Path truststore,
    String truststorePassword) {

  public static final String TRUSTSTORE_TYPE = "PKCS12";

  public TrustManager[] trustManagers() {
    return trustManagers.clone();
  }
}
