package io.logferry.bench.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcFsTest {

  @Test
  void readsCpuFieldsAfterACommandNameWithSpacesAndParentheses() {
    // Fields 14-17 (utime, stime, cutime, cstime) are 1234, 56, 7, 8; the name "(java) (x)" would fool a naive split.
    String stat = "4242 ((java) (x)) S 1 4242 4242 0 -1 4194560 12345 0 0 0 1234 56 7 8 20 0 30 0 98765 "
        + "3000000000 45000 18446744073709551615 1 1 0 0 0 0 0 4096 17408 0 0 0 17 1 0 0 0 0 0";
    ProcFs.CpuTicks t = ProcFs.parseStat(stat);
    assertThat(t.utime()).isEqualTo(1234);
    assertThat(t.stime()).isEqualTo(56);
    assertThat(t.self()).isEqualTo(1290);
    assertThat(t.children()).isEqualTo(15);
  }

  @Test
  void rejectsTextThatIsNotAStatLine() {
    assertThatThrownBy(() -> ProcFs.parseStat("no parenthesis here")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcFs.parseStat("1 (a) S 1 2")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsPeakRssInKibFromStatus() {
    String status = "Name:\tjava\nVmPeak:\t 3012345 kB\nVmHWM:\t  187412 kB\nVmRSS:\t  150000 kB\n";
    assertThat(ProcFs.parseStatusKib(status, "VmHWM")).hasValue(187412);
    assertThat(ProcFs.parseStatusKib(status, "VmRSS")).hasValue(150000);
    assertThat(ProcFs.parseStatusKib(status, "VmSwap")).isEmpty();
  }

  @Test
  void readsBytesReadFromIo() {
    String io = "rchar: 1073741824\nwchar: 512\nsyscr: 300\nread_bytes: 0\n";
    assertThat(ProcFs.parseIo(io, "rchar")).hasValue(1073741824L);
    assertThat(ProcFs.parseIo(io, "read_bytes")).hasValue(0);
    assertThat(ProcFs.parseIo(io, "cancelled_write_bytes")).isEmpty();
  }

  @Test
  void readsTheFirstCpuModelName() {
    String cpuinfo = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Processor\n\n"
        + "processor\t: 1\nmodel name\t: Other\n";
    assertThat(ProcFs.parseCpuModel(cpuinfo)).isEqualTo("Intel(R) Xeon(R) Processor");
    assertThat(ProcFs.parseCpuModel("processor\t: 0\n")).isEqualTo("unknown");
  }

  @Test
  void readsThisProcessFromProc() {
    // Linux only; this process has run some code, so its CPU is positive.
    ProcFs.CpuTicks self = ProcFs.selfStat();
    assertThat(self.self()).isPositive();
    assertThat(ProcFs.peakRssKib(ProcessHandle.current().pid())).isPresent();
    assertThat(ProcFs.clockTicksPerSecond()).isPositive();
  }
}
