package dev.boxcar.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The worker's two log formats, as its logback files configure them. */
class LogFormatTest {

    private static String logWith(String configuration) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LoggerContext context = new LoggerContext();
        // The MDC the worker writes to (slf4j's), which a context of its own does not have by default.
        context.setMDCAdapter(MDC.getMDCAdapter());
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogFormatTest.class.getResource("/" + configuration));
            MDC.put("tenant", "alice");
            MDC.put("sandboxId", "s1");
            MDC.put("jobId", "0b7c3f0e-1f2a-4c1e-9d55-2f1d7a9e8c11");
            context.getLogger("dev.boxcar.worker.execution.JobRunner").info("running {} job", "exec");
        } finally {
            MDC.clear();
            context.stop();
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).trim();
    }

    @Test
    void jsonLinesCarryTheTenantSandboxAndJob() throws Exception {
        String line = logWith("logback-json.xml");
        assertEquals(1, line.lines().count(), line);
        JsonObject event = Json.createReader(new StringReader(line)).readObject();
        assertEquals("INFO", event.getString("level"));
        assertEquals("running exec job", event.getString("formattedMessage"));
        JsonObject mdc = event.getJsonObject("mdc");
        assertEquals("alice", mdc.getString("tenant"));
        assertEquals("s1", mdc.getString("sandboxId"));
        assertEquals("0b7c3f0e-1f2a-4c1e-9d55-2f1d7a9e8c11", mdc.getString("jobId"));
    }

    @Test
    void theDefaultStaysReadableText() throws Exception {
        String line = logWith("logback.xml");
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT.* INFO  dev\\.boxcar\\.worker\\.execution\\.JobRunner "
                + "job=0b7c3f0e-1f2a-4c1e-9d55-2f1d7a9e8c11 - running exec job"), line);
    }
}
