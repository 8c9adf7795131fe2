package io.logferry.faults;

import io.logferry.endpoint.Faults;
import io.logferry.faults.FaultTable.Mode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** 30 % throttling (ThrottlingException): every line arrives exactly once, in both modes. */
@ExtendWith(FaultTable.class)
class ThrottlingFaultTest {

  static final String SCENARIO = "30 % throttling (ThrottlingException)";
  static final Faults FAULTS = Faults.NONE.withThrottleRatio(0.3);

  @TempDir Path dir;

  @Test
  void throttledRequestsAreRetriedUntilAcceptedInRunOnce() throws Exception {
    EndpointFaults.assertExactlyOnceAndRecord(SCENARIO, Mode.RUN_ONCE, EndpointFaults.runOnce(dir, FAULTS, "throttle"));
  }

  @Test
  void throttledRequestsAreRetriedUntilAcceptedInFollow() throws Exception {
    EndpointFaults.assertExactlyOnceAndRecord(SCENARIO, Mode.FOLLOW, EndpointFaults.follow(dir, FAULTS, "throttle"));
  }
}
