package dev.boxcar.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of a Prometheus text endpoint, and sums over its samples. */
public final class Prometheus {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;
    private final String text;

    private Prometheus(String text) {
        this.text = text;
        this.samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line.trim());
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new java.util.HashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
    }

    /** Scrapes {@code url}, which must answer 200 in the Prometheus text format. */
    public static Prometheus scrape(String url) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), url + ": " + answer.body());
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                    url + " content type " + answer.headers().firstValue("Content-Type"));
            return new Prometheus(answer.body());
        } catch (IOException e) {
            throw new AssertionError("cannot scrape " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The metrics endpoints of the workers {@code ./boxcar test} started (their ports are in its run folder). */
    public static List<String> workerEndpoints() {
        Path run = Path.of(System.getenv().getOrDefault("BOXCAR_TEST_RUN_DIR", ".boxcar/run"));
        List<String> urls = new ArrayList<>();
        try (var files = Files.list(run)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("worker-\\d+\\.metrics-port")).sorted().toList()) {
                String port = Files.readString(file).trim();
                if (!port.equals("0") && Files.exists(run.resolve(file.getFileName().toString().replace(".metrics-port", ".pid")))) {
                    urls.add("http://127.0.0.1:" + port + "/metrics");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the run folder " + run, e);
        }
        return urls;
    }

    /** The sum of the samples named {@code name} whose labels include {@code labels} (name=value pairs). */
    public double sum(String name, String... labels) {
        double total = 0;
        for (Sample sample : samples) {
            if (sample.name().equals(name) && hasLabels(sample, labels)) {
                total += sample.value();
            }
        }
        return total;
    }

    public boolean has(String name, String... labels) {
        return samples.stream().anyMatch(s -> s.name().equals(name) && hasLabels(s, labels));
    }

    private static boolean hasLabels(Sample sample, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }

    /** The sum over several scrapes (every worker's, say). */
    public static double sum(List<Prometheus> scrapes, String name, String... labels) {
        return scrapes.stream().mapToDouble(p -> p.sum(name, labels)).sum();
    }

    @Override
    public String toString() {
        return text;
    }
}
