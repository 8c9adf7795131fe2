package io.logferry.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link LocalCloudWatchLogs} as a standalone process. Once ready it prints exactly one line,
 * {@code logferry-local-endpoint listening on <url>}, to stdout (other processes parse it), then serves until
 * SIGTERM or until stdin is closed (so a parent process that dies takes the endpoint with it).
 */
public final class LocalEndpointMain {

  static final String READY_PREFIX = "logferry-local-endpoint listening on ";
  static final int EXIT_OK = 0;
  static final int EXIT_USAGE = 2;
  static final int EXIT_START_FAILED = 1;

  static final String USAGE = """
      Usage: java -jar logferry-local-endpoint-all.jar [options]

      A strict local CloudWatch Logs endpoint (JSON 1.1 protocol) with fault injection, for tests and benchmarks.
      Prints "logferry-local-endpoint listening on <url>" once ready; runs until SIGTERM or stdin is closed.

        --host <addr>            address to bind (default 127.0.0.1; keep it loopback: there is no authentication)
        --port <n>               port, 0 for a free one (default 0)
        --tls                    serve HTTPS with a generated self-signed certificate; its truststore path is
                                 printed to stderr
        --record full|counts     keep messages (full, default) or only counts and message hashes (counts)
        --throttle-ratio <r>     share of PutLogEvents answered ThrottlingException (0..1, default 0)
        --error-ratio <r>        share answered 500/503 ServiceUnavailableException (0..1, default 0)
        --drop-ratio <r>         share whose connection is closed without a response (0..1, default 0)
        --latency-ms <n>         delay added to each PutLogEvents (default 0)
        --all-operations         apply the faults to every operation, not only PutLogEvents
        --seed <n>               seed of the fault-injection random (default 42)
        --threads <n>            request threads (default 16)
        --ignore-stdin           do not exit when stdin closes (run until SIGTERM)
        -h, --help               print this help

      Control paths: GET /_logferry/stats, GET|POST /_logferry/faults, GET /_logferry/events, POST /_logferry/reset
      """;

  private LocalEndpointMain() {}

  public static void main(String[] args) {
    int code = run(args, System.in, System.out, System.err);
    if (code != EXIT_OK) {
      System.exit(code);
    }
  }

  /** The whole program; returns its exit code. Blocks while the endpoint serves. */
  static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
    Parsed parsed;
    try {
      parsed = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("logferry-local-endpoint: " + e.getMessage());
      err.println("Try --help for the options.");
      return EXIT_USAGE;
    }
    if (parsed == null) {
      out.print(USAGE);
      out.flush();
      return EXIT_OK;
    }
    LocalCloudWatchLogs endpoint;
    try {
      endpoint = LocalCloudWatchLogs.start(parsed.options);
    } catch (IOException | RuntimeException e) {
      err.println("logferry-local-endpoint: cannot start: " + e.getMessage());
      return EXIT_START_FAILED;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      endpoint.close();
      stopped.countDown();
    }, "logferry-endpoint-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    endpoint.tls().ifPresent(t -> err.println("logferry-local-endpoint truststore " + t.truststore()
        + " (PKCS12, password " + t.truststorePassword() + "), certificate " + t.certificatePem()));
    out.println(READY_PREFIX + endpoint.endpoint());
    out.flush();
    try {
      if (parsed.ignoreStdin) {
        stopped.await();
      } else {
        while (stdin.read(new byte[512]) >= 0) {
          // Input is ignored; only its end matters.
        }
      }
    } catch (IOException e) {
      // stdin is unusable: treat it as closed.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    endpoint.close();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is already running (SIGTERM): it closes the endpoint, which is idempotent.
    }
    return EXIT_OK;
  }

  record Parsed(Options options, boolean ignoreStdin) {}

  /** Returns null when help was asked for; throws IllegalArgumentException with a message naming the option. */
  static Parsed parse(String[] args) {
    Options options = Options.defaults();
    double throttle = 0;
    double error = 0;
    double drop = 0;
    long latency = 0;
    boolean all = false;
    boolean ignoreStdin = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      switch (arg) {
        case "-h", "--help" -> {
          return null;
        }
        case "--tls" -> options = options.withTls(true);
        case "--all-operations" -> all = true;
        case "--ignore-stdin" -> ignoreStdin = true;
        case "--host", "--port", "--record", "--throttle-ratio", "--error-ratio", "--drop-ratio", "--latency-ms",
            "--seed", "--threads" -> {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException(arg + " needs a value");
            }
            value = args[++i];
          }
          switch (arg) {
            case "--host" -> {
              if (value.isBlank()) {
                throw new IllegalArgumentException("--host must not be empty");
              }
              options = options.withHost(value);
            }
            case "--port" -> {
              long port = integer(arg, value);
              if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("--port must be within 0..65535, got " + value);
              }
              options = options.withPort((int) port);
            }
            case "--record" -> options = options.withRecording(switch (value.toLowerCase(Locale.ROOT)) {
              case "full" -> RecordingMode.FULL;
              case "counts" -> RecordingMode.COUNTS;
              default -> throw new IllegalArgumentException("--record must be full or counts, got " + value);
            });
            case "--throttle-ratio" -> throttle = ratio(arg, value);
            case "--error-ratio" -> error = ratio(arg, value);
            case "--drop-ratio" -> drop = ratio(arg, value);
            case "--latency-ms" -> {
              latency = integer(arg, value);
              if (latency < 0) {
                throw new IllegalArgumentException("--latency-ms must be >= 0, got " + value);
              }
            }
            case "--seed" -> options = options.withSeed(integer(arg, value));
            case "--threads" -> {
              long threads = integer(arg, value);
              if (threads < 1 || threads > 1024) {
                throw new IllegalArgumentException("--threads must be within 1..1024, got " + value);
              }
              options = options.withThreads((int) threads);
            }
            default -> throw new IllegalStateException(arg);
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (throttle + error + drop > 1.0) {
      throw new IllegalArgumentException("--throttle-ratio + --error-ratio + --drop-ratio must not exceed 1");
    }
    options = options.withFaults(new Faults(throttle, error, latency, drop, false, all));
    return new Parsed(options, ignoreStdin);
  }

  private static long integer(String option, String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs an integer, got " + value);
    }
  }

  private static double ratio(String option, String value) {
    double r;
    try {
      r = Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a number within 0..1, got " + value);
    }
    if (!(r >= 0 && r <= 1)) {
      throw new IllegalArgumentException(option + " must be within 0..1, got " + value);
    }
    return r;
  }
}
