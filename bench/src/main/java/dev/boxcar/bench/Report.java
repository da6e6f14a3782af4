package dev.boxcar.bench;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's one table: every figure with its unit and, where there is one, its target. */
final class Report {
    /** A target: the value must be at least, or at most, {@code bound}. */
    record Target(boolean atLeast, double bound) {
        static Target atLeast(double bound) {
            return new Target(true, bound);
        }

        static Target atMost(double bound) {
            return new Target(false, bound);
        }

        boolean met(double value) {
            return atLeast ? value >= bound : value <= bound;
        }

        String describe() {
            return (atLeast ? ">= " : "<= ") + format(bound);
        }
    }

    record Row(String section, String key, String label, double value, String unit, Target target) {
        Boolean met() {
            return target == null ? null : target.met(value);
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();

    void fact(String key, String value) {
        facts.put(key, value);
    }

    void add(String section, String key, String label, double value, String unit) {
        add(section, key, label, value, unit, null);
    }

    void add(String section, String key, String label, double value, String unit, Target target) {
        rows.add(new Row(section, key, label, value, unit, target));
    }

    /** Rows in the section order (measured in another order); within a section as added. */
    private List<Row> inSectionOrder() {
        return rows.stream().sorted(java.util.Comparator.comparing(Row::section)).toList();
    }

    /** The table for people (also pasted into BENCHMARKS.md, hence Markdown). */
    void print(PrintStream out) {
        facts.forEach((k, v) -> out.printf("%s: %s%n", k, v));
        out.println();
        out.println("| # | measurement | value | unit | target | met |");
        out.println("|---|---|---:|---|---|---|");
        for (Row row : inSectionOrder()) {
            out.printf("| %s | %s | %s | %s | %s | %s |%n", row.section(), row.label(), format(row.value()), row.unit(),
                    row.target() == null ? "" : row.target().describe(),
                    row.met() == null ? "" : row.met() ? "yes" : "**no**");
        }
    }

    JsonObject toJson() {
        JsonObjectBuilder machine = Json.createObjectBuilder();
        facts.forEach(machine::add);
        JsonArrayBuilder table = Json.createArrayBuilder();
        for (Row row : inSectionOrder()) {
            JsonObjectBuilder item = Json.createObjectBuilder()
                    .add("section", row.section())
                    .add("key", row.key())
                    .add("label", row.label())
                    .add("value", row.value())
                    .add("unit", row.unit());
            if (row.target() != null) {
                item.add("target", row.target().describe()).add("met", row.met());
            }
            table.add(item);
        }
        return Json.createObjectBuilder().add("facts", machine).add("rows", table).build();
    }

    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e9) {
            return String.format(Locale.ROOT, "%d", (long) value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.0f" : Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
    }
}
