package io.logferry.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasuredProcessTest {

  @TempDir Path dir;

  @Test
  void aShipperRunsAtItsNicenessAndIsStillTheProcessThatIsMeasured() throws Exception {
    MeasuredProcess p = MeasuredProcess.start("sidecar", "pod-1", "shipper",
        Commands.asShipper(List.of("sleep", "5")), Map.of(), dir);
    try {
      long pid = -1;
      for (int i = 0; i < 100 && pid < 0; i++) {
        pid = p.targetPid();
        if (pid < 0) Thread.sleep(20);
      }
      assertThat(pid).isPositive();
      // nice execs its command: the measured pid becomes the shipper itself, at the shipper niceness above ours.
      long finalPid = pid;
      String stat = "";
      for (int i = 0; i < 100 && !stat.contains("(sleep)"); i++) {
        stat = Files.readString(Path.of("/proc/" + finalPid + "/stat"));
        if (!stat.contains("(sleep)")) Thread.sleep(20);
      }
      assertThat(stat).contains("(sleep)");
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      String[] own = Files.readString(Path.of("/proc/self/stat")).substring(
          Files.readString(Path.of("/proc/self/stat")).lastIndexOf(')') + 2).split(" ");
      // Field 19 of /proc/PID/stat (index 16 after the command) is the nice value.
      assertThat(Integer.parseInt(f[16]) - Integer.parseInt(own[16])).isEqualTo(Commands.SHIPPER_NICE);
    } finally {
      p.kill();
    }
  }
}
