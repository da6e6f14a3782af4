package dev.boxcar.worker.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class FileReadAnswerTest {
    private static AgentResponse parse(String answer) throws AgentException {
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        return FileReadAnswer.parse(bytes, bytes.length);
    }

    @Test
    void theContentIsCutOutAsBase64AndTheRestParsed() throws AgentException {
        String base64 = Base64.getEncoder().encodeToString("hello, file\n".getBytes(StandardCharsets.UTF_8));
        AgentResponse response = parse("{\"ok\":true,\"file\":{\"found\":true,\"size\":12,\"content\":\"" + base64 + "\"}}\n");
        assertTrue(response.ok());
        assertTrue(response.file().found());
        assertEquals(12, response.file().size());
        assertEquals(base64, response.file().content());
        assertTrue(response.answers("file.read"));
    }

    @Test
    void aMissingFileAndAnErrorHaveNoContent() throws AgentException {
        AgentResponse missing = parse("{\"ok\":true,\"file\":{\"found\":false,\"size\":0}}");
        assertFalse(missing.file().found());
        assertNull(missing.file().content());
        AgentResponse error = parse("{\"ok\":false,\"error\":\"big.bin is larger than 16 bytes\"}");
        assertFalse(error.ok());
        assertEquals("big.bin is larger than 16 bytes", error.error());
    }

    @Test
    void contentThatIsNotBase64OrNeverEndsIsRefused() {
        assertThrows(AgentException.class, () -> parse("{\"ok\":true,\"file\":{\"found\":true,\"size\":1,\"content\":\"a\\\"b\"}}"));
        assertThrows(AgentException.class, () -> parse("{\"ok\":true,\"file\":{\"found\":true,\"size\":1,\"content\":\"QUJD"));
        assertThrows(AgentException.class, () -> parse("{\"ok\":true,\"content\":\"QUJD\"}"));
    }
}
