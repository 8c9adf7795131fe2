package io.logferry.faults;

import io.logferry.endpoint.Faults;
import io.logferry.faults.FaultTable.Mode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** 5xx storm (50 % of requests 500/503): every line arrives exactly once, in both modes. */
@ExtendWith(FaultTable.class)
class ServerErrorStormFaultTest {

  static final String SCENARIO = "5xx storm (50 % of requests 500/503)";
  static final Faults FAULTS = Faults.NONE.withErrorRatio(0.5);

  @TempDir Path dir;

  @Test
  void aStormOfServerErrorsIsRiddenOutInRunOnce() throws Exception {
    EndpointFaults.assertExactlyOnceAndRecord(SCENARIO, Mode.RUN_ONCE, EndpointFaults.runOnce(dir, FAULTS, "serverError"));
  }

  @Test
  void aStormOfServerErrorsIsRiddenOutInFollow() throws Exception {
    EndpointFaults.assertExactlyOnceAndRecord(SCENARIO, Mode.FOLLOW, EndpointFaults.follow(dir, FAULTS, "serverError"));
  }
}
