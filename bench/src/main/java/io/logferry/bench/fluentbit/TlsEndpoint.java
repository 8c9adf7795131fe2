package io.logferry.bench.fluentbit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The strict local CloudWatch Logs endpoint as a separate process serving HTTPS with the certificate it generates at
 * start, in COUNTS mode (it checks every request as CloudWatch does and keeps one 64-bit hash per accepted message).
 * Started fresh for every run, so one run's ground truth never mixes with another's. The process reads its stdin
 * only to notice its end: if this benchmark dies, the endpoint goes with it.
 */
final class TlsEndpoint implements AutoCloseable {

  private static final String READY = "logferry-local-endpoint listening on ";
  private static final Pattern CERTIFICATE = Pattern.compile("certificate (\\S+\\.pem)");
  private static final JsonFactory JSON = new JsonFactory();

  private final Process process;
  private final int port;
  private final Path certificatePem;
  private final HttpClient http;

  private TlsEndpoint(Process process, int port, Path certificatePem, HttpClient http) {
    this.process = process;
    this.port = port;
    this.certificatePem = certificatePem;
    this.http = http;
  }

  static TlsEndpoint start(Path java, Path jar, Path log) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(java.toString(), "-XX:+UseSerialGC", "-jar", jar.toString(), "--port", "0", "--tls",
        "--record", "counts")
        .redirectError(log.toFile())
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (!line.startsWith(READY)) continue;
      URI url = URI.create(line.substring(READY.length()).trim());
      Thread drain = new Thread(() -> {
        try {
          out.transferTo(Writer.nullWriter());
        } catch (IOException e) {
          // the endpoint exited
        }
      }, "endpoint-stdout");
      drain.setDaemon(true);
      drain.start();
      // The truststore line is printed to stderr before the ready line.
      Matcher m = CERTIFICATE.matcher(Files.readString(log));
      if (!m.find()) {
        p.destroy();
        throw new IOException("the endpoint printed no certificate path; see " + log);
      }
      Path pem = Path.of(m.group(1));
      HttpClient http = HttpClient.newBuilder().sslContext(trusting(pem)).connectTimeout(Duration.ofSeconds(30)).build();
      return new TlsEndpoint(p, url.getPort(), pem, http);
    }
    p.destroy();
    throw new IOException("the local endpoint exited before it was ready; see " + log);
  }

  private static SSLContext trusting(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      var cert = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
      var ks = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
      ks.load(null, null);
      ks.setCertificateEntry("endpoint", cert);
      var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot read the endpoint's certificate " + pem + ": " + e.getMessage(), e);
    }
  }

  /** The host name clients use: the certificate names {@code localhost} and {@code 127.0.0.1}. */
  String host() {
    return "localhost";
  }

  int port() {
    return port;
  }

  URI url() {
    return URI.create("https://" + host() + ":" + port);
  }

  Path certificatePem() {
    return certificatePem;
  }

  long pid() {
    return process.pid();
  }

  /** CPU seconds the endpoint used so far (its whole life). */
  double cpuSeconds(long clockTicks) {
    return ProcSample.read(process.pid()).map(r -> r.cpuTicks() / (double) clockTicks).orElse(Double.NaN);
  }

  String statsJson() throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(url().resolve("/_logferry/stats")).timeout(Duration.ofSeconds(30)).GET().build();
    HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 200) throw new IOException("stats: HTTP " + res.statusCode());
    return res.body();
  }

  long acceptedEvents() throws IOException, InterruptedException {
    try (JsonParser p = JSON.createParser(statsJson())) {
      while (p.nextToken() != null) {
        if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("acceptedEvents") && p.getParsingContext().getParent().inRoot()) {
          p.nextToken();
          return p.getLongValue();
        }
      }
    }
    throw new IOException("stats without acceptedEvents");
  }

  /** Every accepted message's hash, sorted, by log group. */
  Map<String, long[]> acceptedHashesByGroup() throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(url().resolve("/_logferry/events")).timeout(Duration.ofMinutes(5)).GET().build();
    HttpResponse<InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    if (res.statusCode() != 200) throw new IOException("events: HTTP " + res.statusCode());
    Map<String, long[]> arrays = new HashMap<>();
    Map<String, Integer> sizes = new HashMap<>();
    try (InputStream in = res.body(); JsonParser p = JSON.createParser(in)) {
      String group = null;
      String hash = null;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          if (name.equals("group")) group = p.getText();
          else if (name.equals("messageHash")) hash = p.getText();
        } else if (t == JsonToken.END_OBJECT) {
          if (group == null || hash == null) throw new IOException("an event without group or messageHash");
          long h = Long.parseUnsignedLong(hash, 16);
          long[] a = arrays.computeIfAbsent(group, g -> new long[1024]);
          int n = sizes.getOrDefault(group, 0);
          if (n == a.length) arrays.put(group, a = Arrays.copyOf(a, n * 2));
          a[n] = h;
          sizes.put(group, n + 1);
          group = null;
          hash = null;
        }
      }
    }
    Map<String, long[]> out = new TreeMap<>();
    arrays.forEach((g, a) -> {
      long[] sorted = Arrays.copyOf(a, sizes.get(g));
      Arrays.sort(sorted);
      out.put(g, sorted);
    });
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
  }
}
