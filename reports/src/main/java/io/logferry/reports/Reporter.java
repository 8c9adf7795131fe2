package io.logferry.reports;

import java.io.IOException;

/** Writes a report in one format. */
public interface Reporter {

  /** Renders {@code report} to this reporter's destination. */
  void print(Report report) throws IOException;
}
