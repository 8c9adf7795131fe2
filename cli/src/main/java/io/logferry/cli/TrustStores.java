package io.logferry.cli;

import io.logferry.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Loads {@code --trust-store}: PEM certificates, or a PKCS12/JKS store, with {@code --trust-store-password} when the
 * store's certificates are protected by one (the JDK's PKCS12 does that by default; a trust store holds only public
 * certificates, so this password guards integrity, not a secret). Certificates are still verified against it;
 * nothing is trusted blindly.
 */
public final class TrustStores {

  private TrustStores() {}

  public static TrustManager[] load(Path file) {
    return load(file, null);
  }

  /** @param password the store's password, or {@code null} (ignored for PEM) */
  public static TrustManager[] load(Path file, String password) {
    try {
      KeyStore store;
      byte[] head = new byte[64];
      int n;
      try (InputStream in = Files.newInputStream(file)) {
        n = in.readNBytes(head, 0, head.length);
      }
      if (new String(head, 0, n, StandardCharsets.US_ASCII).contains("-----BEGIN")) {
        store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
          certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) throw new ConfigException("--trust-store " + file + ": no certificate in the PEM file");
        int i = 0;
        for (Certificate c : certificates) store.setCertificateEntry("cert-" + i++, c);
      } else {
        store = KeyStore.getInstance(file.toFile(), password == null ? null : password.toCharArray());
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers();
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException("--trust-store " + file + ": cannot load certificates: " + e.getMessage(), e);
    }
  }
}
