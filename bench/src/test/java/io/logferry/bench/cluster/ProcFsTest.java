package io.logferry.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcFsTest {

  // A real /proc/<pid>/stat line of a JVM, its command name changed to one with spaces and parentheses.
  private static final String STAT = "4242 (java (x) y) S 4200 4242 4200 0 -1 4194560 23811 0 3 0 1234 567 0 0 20 0"
      + " 29 0 11755 3520483328 35123 18446744073709551615 1 1 0 0 0 0 0 4096 16800975 0 0 0 17 1 0 0 0 0 0";

  @Test
  void cpuTicksAreUtimePlusStimeCountedAfterTheLastParenthesis() {
    assertThat(ProcFs.cpuTicks(STAT)).isEqualTo(1234 + 567);
  }

  @Test
  void rejectsALineWithoutCommandName() {
    assertThatThrownBy(() -> ProcFs.cpuTicks("4242 java S 1 2")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsKilobyteFieldsOfStatus() {
    String status = "Name:\tjava\nVmPeak:\t 3438012 kB\nVmHWM:\t  145880 kB\nVmRSS:\t  140492 kB\nThreads:\t29\n";
    assertThat(ProcFs.statusKb(status, "VmHWM")).hasValue(145_880);
    assertThat(ProcFs.statusKb(status, "VmRSS")).hasValue(140_492);
    assertThat(ProcFs.statusKb(status, "VmSwap")).isEmpty();
  }

  @Test
  void matchesWholeFieldNamesOnly() {
    String status = "RssFile:\t 100 kB\nVmRSS:\t 300 kB\n";
    assertThat(ProcFs.statusKb(status, "VmRSS")).hasValue(300);
    assertThat(ProcFs.statusKb("XVmRSS:\t 5 kB\n", "VmRSS")).isEmpty();
  }

  @Test
  void readsThisProcess() {
    ProcFs.Reading r = ProcFs.read(ProcessHandle.current().pid()).orElseThrow();
    assertThat(r.rssKb()).isPositive();
    assertThat(r.hwmKb()).isGreaterThanOrEqualTo(r.rssKb());
    assertThat(ProcFs.read(Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void parsesGnuTimeReportsIncludingKilledProcesses() {
    GnuTime ok = GnuTime.parse("1.52 1.10 0.21 98304 0\n");
    assertThat(ok.cpuSeconds()).isEqualTo(1.31, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(ok.maxRssKb()).isEqualTo(98_304);
    assertThat(ok.exitCode()).isZero();
    assertThat(GnuTime.parse("Command exited with non-zero status 3\n2.00 1.0 0.5 100 3\n").exitCode()).isEqualTo(3);
    assertThat(GnuTime.parse("Command terminated by signal 9\n1.31 1.0 0.1 90000 0\n").exitCode()).isEqualTo(137);
  }
}
