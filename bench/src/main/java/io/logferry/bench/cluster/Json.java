package io.logferry.bench.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;

/**
 * Writes a result tree as JSON: maps (in their iteration order), collections, records (by component name), strings,
 * numbers, booleans and null. Doubles are rounded to 3 decimals so result files diff cleanly.
 */
final class Json {

  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  static String write(Object tree) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      value(g, tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out + "\n";
  }

  private static void value(JsonGenerator g, Object v) throws IOException {
    if (v == null) g.writeNull();
    else if (v instanceof String s) g.writeString(s);
    else if (v instanceof Boolean b) g.writeBoolean(b);
    else if (v instanceof Double d) writeDouble(g, d);
    else if (v instanceof Float f) writeDouble(g, f.doubleValue());
    else if (v instanceof Number n) g.writeNumber(n.longValue());
    else if (v instanceof Enum<?> e) g.writeString(e.name().toLowerCase(java.util.Locale.ROOT));
    else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        value(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof Collection<?> c) {
      g.writeStartArray();
      for (Object o : c) value(g, o);
      g.writeEndArray();
    } else if (v instanceof Record r) {
      g.writeStartObject();
      for (RecordComponent rc : r.getClass().getRecordComponents()) {
        g.writeFieldName(rc.getName());
        try {
          rc.getAccessor().setAccessible(true);
          value(g, rc.getAccessor().invoke(r));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
      g.writeEndObject();
    } else g.writeString(v.toString());
  }

  private static void writeDouble(JsonGenerator g, double d) throws IOException {
    if (Double.isNaN(d) || Double.isInfinite(d)) g.writeNull();
    else g.writeNumber(Math.round(d * 1000) / 1000.0);
  }
}
