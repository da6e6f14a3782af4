package dev.boxcar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.it.support.RawApi;
import dev.boxcar.it.support.ExecRequest;
import dev.boxcar.it.support.Jobs;
import dev.boxcar.it.support.TestEnvironment;
import java.util.Iterator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class JobStreamIT {
    private final RawApi alice = RawApi.tenantA();

    @Test
    void aRunningExecJobsOutputArrivesAsServerSentEventsThenItsEnd() {
        String jobId = Jobs.startInSandbox(alice, TestEnvironment.sandboxId("job-sse"),
                ExecRequest.command("for i in 1 2 3 4 5 6 7 8 9 10; do echo line-$i; sleep 0.5; done").timeoutMs(60000));
        try (Stream<String> lines = alice.streamLines("/api/v1/jobs/" + jobId + "/stream")) {
            Iterator<String> it = lines.iterator();
            boolean sawLine2 = false;
            while (it.hasNext() && !sawLine2) {
                sawLine2 = it.next().contains("line-2");
            }
            assertTrue(sawLine2);
            assertEquals("running", alice.get("/api/v1/jobs/" + jobId).json().getString("status"),
                    "output arrived while the job was still running");
            boolean sawEnd = false;
            boolean sawLast = false;
            while (it.hasNext() && !sawEnd) {
                String line = it.next();
                sawLast |= line.contains("line-10");
                sawEnd = line.startsWith("event:") && line.contains("end");
            }
            assertTrue(sawLast, "the rest of the output");
            assertTrue(sawEnd, "an end event");
        }
    }
}
