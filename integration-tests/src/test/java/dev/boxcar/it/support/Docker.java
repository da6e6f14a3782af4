package dev.boxcar.it.support;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Asks the real Docker engine about the containers Boxcar made (by their labels). */
public final class Docker {
    private Docker() {
    }

    /** Ids of the containers (running or not) carrying every given label {@code key=value}. */
    public static List<String> containersWithLabels(String... labels) {
        return containersWithLabelsOn(null, labels);
    }

    /** The same on the engine at {@code host} (a {@code unix://} socket; null: the default engine). */
    public static List<String> containersWithLabelsOn(String host, String... labels) {
        List<String> command = new java.util.ArrayList<>(List.of("docker"));
        if (host != null) {
            command.addAll(List.of("-H", host));
        }
        command.addAll(List.of("ps", "-aq"));
        for (String label : labels) {
            command.addAll(List.of("--filter", "label=" + label));
        }
        String out = run(command.toArray(String[]::new)).trim();
        return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
    }

    /**
     * How many containers carrying {@code label} the engine at {@code host} (null: the default one)
     * destroyed since {@code sinceEpochSeconds}.
     */
    public static int destroyedSince(String host, long sinceEpochSeconds, String label) {
        List<String> command = new java.util.ArrayList<>(List.of("docker"));
        if (host != null) {
            command.addAll(List.of("-H", host));
        }
        command.addAll(List.of("events", "--since", Long.toString(sinceEpochSeconds), "--until",
                Long.toString(System.currentTimeMillis() / 1000 + 1), "--filter", "type=container", "--filter",
                "event=destroy", "--filter", "label=" + label, "--format", "{{.ID}}"));
        String out = run(command.toArray(String[]::new)).trim();
        return out.isEmpty() ? 0 : out.split("\\s+").length;
    }

    /**
     * True when no throw-away container is left beyond the workers' pools of pre-started ones
     * (BOXCAR_WORKERS × BOXCAR_POOL_SIZE): nothing leaked.
     */
    public static boolean onlyPooledThrowawaysLeft() {
        int workers = Integer.parseInt(System.getenv().getOrDefault("BOXCAR_WORKERS", "2"));
        int pool = Integer.parseInt(System.getenv().getOrDefault("BOXCAR_POOL_SIZE", "2"));
        return containersWithLabels("boxcar.kind=throwaway").size() <= workers * pool;
    }

    /** Kills a container behind Boxcar's back (it stays, stopped). */
    public static void kill(String containerId) {
        run("docker", "kill", containerId);
    }

    /** Removes a container behind Boxcar's back. */
    public static void remove(String containerId) {
        run("docker", "rm", "-f", containerId);
    }

    public static JsonObject inspect(String containerId) {
        JsonArray array = Json.createReader(new StringReader(run("docker", "inspect", containerId))).readArray();
        return array.getJsonObject(0);
    }

    public static JsonObject inspectNetwork(String name) {
        JsonArray array = Json.createReader(new StringReader(run("docker", "network", "inspect", name))).readArray();
        return array.getJsonObject(0);
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run docker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
