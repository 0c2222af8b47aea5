package dev.tollgate.dataplane.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of Prometheus' text exposition format 0.0.4, for tests that read a real
 * {@code /metrics}. No Java Prometheus client in the registry we reach ships a parser (client_java's
 * exposition modules only write), so this one follows the format's rules and refuses anything
 * outside them: metric and label names by their grammar, label values with only the three escapes,
 * Go float values, one TYPE per family before its samples, samples named as their family's type
 * allows ({@code _bucket} with {@code le}, {@code _sum}, {@code _count}), no duplicate series, and
 * histograms whose buckets are cumulative and end in {@code +Inf} equal to {@code _count}.
 */
public final class PrometheusText {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(Inf|NaN|(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?)");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /**
     * One sample line.
     *
     * @param name the sample's name
     * @param labels its labels, sorted by name
     * @param value its value
     */
    public record Sample(String name, Map<String, String> labels, double value) {
        /** The labels without {@code le} (a histogram series' identity). */
        Map<String, String> withoutLe() {
            Map<String, String> m = new TreeMap<>(labels);
            m.remove("le");
            return m;
        }
    }

    /**
     * A parsed exposition.
     *
     * @param types each family's declared type
     * @param samples every sample in order
     */
    public record Scrape(Map<String, String> types, List<Sample> samples) {
        /** The distinct sample names. */
        public Set<String> names() {
            Set<String> out = new HashSet<>();
            samples.forEach(s -> out.add(s.name()));
            return out;
        }

        /** The sum of the values of the samples with that name whose labels include {@code labels}. */
        public double sum(String name, Map<String, String> labels) {
            double total = 0;
            for (Sample s : samples) {
                if (s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet())) {
                    total += s.value();
                }
            }
            return total;
        }

        /** How many series (samples) have a name starting with {@code prefix}. */
        public long series(String prefix) {
            return samples.stream().filter(s -> s.name().startsWith(prefix)).count();
        }
    }

    private PrometheusText() {}

    /** Parses the exposition; throws {@link IllegalArgumentException} naming the line at fault. */
    public static Scrape parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> familiesWithSamples = new HashSet<>();
        String family = null;
        String[] lines = text.split("\n", -1);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition does not end with a newline");
        }
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            String where = "line " + (i + 1) + ": " + line;
            if (line.isEmpty()) {
                throw new IllegalArgumentException("empty " + where);
            }
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length >= 3 && parts[1].equals("TYPE")) {
                    String name = parts[2];
                    String type = parts.length == 4 ? parts[3] : "";
                    require(METRIC_NAME.matcher(name).matches(), "bad metric name in " + where);
                    require(TYPES.contains(type), "bad type in " + where);
                    require(!types.containsKey(name), "second TYPE for " + where);
                    require(!familiesWithSamples.contains(name), "TYPE after samples in " + where);
                    types.put(name, type);
                    family = name;
                } else if (parts.length >= 3 && parts[1].equals("HELP")) {
                    require(METRIC_NAME.matcher(parts[2]).matches(), "bad metric name in " + where);
                }
                continue;
            }
            Sample sample = sample(line, where);
            String owner = owner(sample, family, types);
            require(owner != null, "sample outside its family's TYPE: " + where);
            familiesWithSamples.add(owner);
            require(seen.add(sample.name() + sample.labels()), "duplicate series " + where);
            samples.add(sample);
        }
        checkHistograms(types, samples);
        return new Scrape(Collections.unmodifiableMap(types), List.copyOf(samples));
    }

    private static String owner(Sample s, String family, Map<String, String> types) {
        if (family == null) {
            return null;
        }
        String type = types.get(family);
        String n = s.name();
        boolean ok =
                switch (type) {
                    case "histogram" ->
                        (n.equals(family + "_bucket") && s.labels().containsKey("le"))
                                || n.equals(family + "_sum")
                                || n.equals(family + "_count");
                    case "summary" ->
                        (n.equals(family) && s.labels().containsKey("quantile"))
                                || n.equals(family + "_sum")
                                || n.equals(family + "_count");
                    default -> n.equals(family);
                };
        return ok ? family : null;
    }

    private static Sample sample(String line, String where) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        require(METRIC_NAME.matcher(name).matches(), "bad metric name in " + where);
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                require(eq > i, "bad label in " + where);
                String label = line.substring(i, eq);
                require(LABEL_NAME.matcher(label).matches(), "bad label name in " + where);
                require(line.charAt(eq + 1) == '"', "unquoted label value in " + where);
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                while (true) {
                    require(j < line.length(), "unterminated label value in " + where);
                    char c = line.charAt(j);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        char e = line.charAt(j + 1);
                        switch (e) {
                            case '\\' -> value.append('\\');
                            case '"' -> value.append('"');
                            case 'n' -> value.append('\n');
                            default -> throw new IllegalArgumentException("bad escape in " + where);
                        }
                        j += 2;
                        continue;
                    }
                    value.append(c);
                    j++;
                }
                require(labels.put(label, value.toString()) == null, "repeated label in " + where);
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                } else {
                    require(line.charAt(i) == '}', "bad label separator in " + where);
                }
            }
            i++;
        }
        require(i < line.length() && line.charAt(i) == ' ', "no value in " + where);
        String[] rest = line.substring(i + 1).split(" ");
        require(rest.length == 1 || rest.length == 2, "bad value in " + where);
        require(FLOAT.matcher(rest[0]).matches(), "bad value in " + where);
        if (rest.length == 2) {
            require(rest[1].matches("-?\\d+"), "bad timestamp in " + where);
        }
        return new Sample(
                name, Collections.unmodifiableMap(labels), Double.parseDouble(rest[0].replace("Inf", "Infinity")));
    }

    private static void checkHistograms(Map<String, String> types, List<Sample> samples) {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            Map<Map<String, String>, List<Sample>> buckets = new HashMap<>();
            Map<Map<String, String>, Double> counts = new HashMap<>();
            for (Sample s : samples) {
                if (s.name().equals(family + "_bucket")) {
                    buckets.computeIfAbsent(s.withoutLe(), k -> new ArrayList<>())
                            .add(s);
                } else if (s.name().equals(family + "_count")) {
                    counts.put(s.labels(), s.value());
                }
            }
            buckets.forEach((series, list) -> {
                double lastLe = Double.NEGATIVE_INFINITY;
                double lastValue = 0;
                for (Sample b : list) {
                    double le = Double.parseDouble(b.labels().get("le").replace("Inf", "Infinity"));
                    require(le > lastLe, family + " buckets out of order for " + series);
                    require(b.value() >= lastValue, family + " buckets not cumulative for " + series);
                    lastLe = le;
                    lastValue = b.value();
                }
                require(lastLe == Double.POSITIVE_INFINITY, family + " has no +Inf bucket for " + series);
                require(
                        counts.containsKey(series) && counts.get(series) == lastValue,
                        family + "_count differs from the +Inf bucket for " + series);
            });
        });
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
