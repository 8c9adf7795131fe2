package io.logferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logferry.config.ConfigException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStoresTest {

  @TempDir Path tmp;

  /** Any certificate will do: take one the JDK already trusts. */
  static X509Certificate someCertificate() throws Exception {
    TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init((KeyStore) null);
    return ((X509TrustManager) f.getTrustManagers()[0]).getAcceptedIssuers()[0];
  }

  static X509Certificate[] issuers(TrustManager[] managers) {
    return ((X509TrustManager) managers[0]).getAcceptedIssuers();
  }

  @Test
  void trustsExactlyTheCertificatesOfAPemFile() throws Exception {
    X509Certificate cert = someCertificate();
    String pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    Path file = Files.writeString(tmp.resolve("ca.pem"), pem);

    assertThat(issuers(TrustStores.load(file))).containsExactly(cert);
  }

  @Test
  void readsAKeyStoreWithoutAPassword() throws Exception {
    X509Certificate cert = someCertificate();
    KeyStore ks = KeyStore.getInstance("JKS");
    ks.load(null, null);
    ks.setCertificateEntry("local-endpoint", cert);
    Path file = tmp.resolve("trust.jks");
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, "ignored".toCharArray());
    }

    assertThat(issuers(TrustStores.load(file))).containsExactly(cert);
  }

  @Test
  void garbageIsAConfigErrorNamingTheOption() throws Exception {
    Path file = Files.writeString(tmp.resolve("junk"), "not a certificate");
    assertThatThrownBy(() -> TrustStores.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--trust-store " + file + ": cannot load certificates");
  }
}
