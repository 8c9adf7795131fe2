package io.logferry.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FluentBitPeerTest {

  @Test
  void fluentBitTailsTheLiveFileOnlyBecauseOverRotatedNamesItReadsEachRotatedFileAgainFromItsHead() {
    assertThat(FluentBitPeer.liveFilesOnly("/w/pods/pod-1/app.log*")).isEqualTo("/w/pods/pod-1/app.log");
    assertThat(FluentBitPeer.liveFilesOnly("/w/pods/*/app.log*")).isEqualTo("/w/pods/*/app.log");
  }

  @Test
  void aGlobThatNamesNoRotatedFilesIsKeptAsItIs() {
    assertThat(FluentBitPeer.liveFilesOnly("/w/pods/*/app.log")).isEqualTo("/w/pods/*/app.log");
    assertThat(FluentBitPeer.liveFilesOnly("/var/log/containers/*.log")).isEqualTo("/var/log/containers/*.log");
  }
}
