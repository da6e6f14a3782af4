package dev.boxcar.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boxcar.core.json.Json;
import org.junit.jupiter.api.Test;

class FileJobsTest {
    @Test
    void aReadResultRoundTripsWithoutAJsonParserForItsContent() {
        FileJobs.ReadResult result = new FileJobs.ReadResult(true, 3, "QUJD");
        assertEquals(result, FileJobs.ReadResult.fromJson(result.toJson()));
    }

    @Test
    void resultsWrittenByTheJsonWriterOfEarlierWorkersReadTheSame() {
        String earlier = Json.write(new FileJobs.ReadResult(true, 3, "QUJD"));
        FileJobs.ReadResult read = FileJobs.ReadResult.fromJson(earlier);
        assertTrue(read.found());
        assertEquals(3, read.size());
        assertEquals("QUJD", read.contentBase64());
    }

    @Test
    void aMissingFileHasNoContent() {
        FileJobs.ReadResult missing = FileJobs.ReadResult.fromJson("{\"found\":false,\"size\":0}");
        assertFalse(missing.found());
        assertNull(missing.contentBase64());
    }
}
