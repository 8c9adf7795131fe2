package io.logferry.faults;

import io.logferry.endpoint.Faults;
import io.logferry.faults.FaultTable.Mode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** slow endpoint (400 ms per request): every line arrives exactly once, in both modes. */
@ExtendWith(FaultTable.class)
class SlowEndpointFaultTest {

  static final String SCENARIO = "slow endpoint (400 ms per request)";
  static final Faults FAULTS = Faults.NONE.withLatencyMs(400);

  @TempDir Path dir;

  @Test
  void aSlowEndpointDelaysButLosesNothingInRunOnce() throws Exception {
    EndpointFaults.assertExactlyOnceAndRecord(SCENARIO, Mode.RUN_ONCE, EndpointFaults.runOnce(dir, FAULTS, "latency"));
  }

  @Test
  void aSlowEndpointDelaysButLosesNothingInFollow() throws Exception {
    EndpointFaults.assertExactlyOnceAndRecord(SCENARIO, Mode.FOLLOW, EndpointFaults.follow(dir, FAULTS, "latency"));
  }
}
