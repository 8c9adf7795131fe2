package io.logferry.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Generates a throwaway self-signed certificate for {@code localhost}/{@code 127.0.0.1} with the JDK's own
 * {@code keytool} (pure JDK, no Bouncy Castle), and derives the server context and the client trust material.
 */
final class SelfSignedTls {

  static final String ALIAS = "logferry-local-endpoint";
  /** Protects only a store holding a public certificate, so it is not a secret. */
  static final String TRUSTSTORE_PASSWORD = "logferry";
  private static final String PASSWORD_ENV = "LOGFERRY_ENDPOINT_KEYSTORE_PASSWORD";
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

  final SSLContext serverContext;
  final TlsMaterial material;

  private SelfSignedTls(SSLContext serverContext, TlsMaterial material) {
    this.serverContext = serverContext;
    this.material = material;
  }

  static SelfSignedTls generate(Path dir) throws IOException {
    byte[] raw = new byte[18];
    new SecureRandom().nextBytes(raw);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Path keystore = dir.resolve("server.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    // The password travels in the environment (keytool's -storepass:env), never on a command line others can see.
    ProcessBuilder pb = new ProcessBuilder(keytool.toString(), "-genkeypair", "-noprompt",
        "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "30",
        "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass:env", PASSWORD_ENV, "-keypass:env", PASSWORD_ENV)
        .redirectErrorStream(true);
    pb.environment().put(PASSWORD_ENV, password);
    Process process = pb.start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("keytool -genkeypair failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while generating the TLS certificate", e);
    }
    try {
      char[] pw = password.toCharArray();
      KeyStore server = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        server.load(in, pw);
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(server, pw);
      SSLContext serverContext = SSLContext.getInstance("TLS");
      serverContext.init(kmf.getKeyManagers(), null, null);

      Certificate cert = server.getCertificate(ALIAS);
      Path pem = dir.resolve("certificate.pem");
      String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded());
      Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");

      KeyStore trust = KeyStore.getInstance(TlsMaterial.TRUSTSTORE_TYPE);
      trust.load(null, null);
      trust.setCertificateEntry(ALIAS, cert);
      Path truststore = dir.resolve("truststore.p12");
      try (OutputStream out = Files.newOutputStream(truststore)) {
        trust.store(out, TRUSTSTORE_PASSWORD.toCharArray());
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext clientContext = SSLContext.getInstance("TLS");
      clientContext.init(null, tmf.getTrustManagers(), null);
      return new SelfSignedTls(serverContext,
          new TlsMaterial(tmf.getTrustManagers(), clientContext, pem, truststore, TRUSTSTORE_PASSWORD));
    } catch (GeneralSecurityException e) {
      throw new IOException("could not load the generated TLS certificate", e);
    }
  }
}
