package io.logferry.reports;

import java.util.List;

/** What a reader made of a directory: the results it could read and, per file, what was wrong or missing. */
public record ReadResult<T>(List<T> items, List<String> problems) {

  public ReadResult {
    items = List.copyOf(items);
    problems = List.copyOf(problems);
  }
}
