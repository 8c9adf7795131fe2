package io.logferry.faults;

import io.logferry.endpoint.Faults;
import io.logferry.faults.FaultTable.Mode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** dropped connections (20 % closed unanswered, before storing): every line arrives exactly once, in both modes. */
@ExtendWith(FaultTable.class)
class DroppedConnectionFaultTest {

  static final String SCENARIO = "dropped connections (20 % closed unanswered, before storing)";
  static final Faults FAULTS = Faults.NONE.withDropRatio(0.2);

  @TempDir Path dir;

  @Test
  void droppedConnectionsAreRetriedInRunOnce() throws Exception {
    EndpointFaults.assertExactlyOnceAndRecord(SCENARIO, Mode.RUN_ONCE, EndpointFaults.runOnce(dir, FAULTS, "drop"));
  }

  @Test
  void droppedConnectionsAreRetriedInFollow() throws Exception {
    EndpointFaults.assertExactlyOnceAndRecord(SCENARIO, Mode.FOLLOW, EndpointFaults.follow(dir, FAULTS, "drop"));
  }
}
