package io.logferry.bench.fluentbit;

import java.io.IOException;

/** Calls to the endpoint's control paths, retried: on a machine loaded far beyond its cores one can time out. */
final class Retry {

  interface IoCall<T> {
    T call() throws IOException, InterruptedException;
  }

  private Retry() {}

  static <T> T io(int attempts, IoCall<T> call) throws IOException, InterruptedException {
    IOException last = null;
    for (int i = 0; i < attempts; i++) {
      try {
        return call.call();
      } catch (IOException e) {
        last = e;
        Thread.sleep(1000L * (i + 1));
      }
    }
    throw last;
  }
}
