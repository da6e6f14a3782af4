package dev.boxcar.api.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a sandbox's server answers is untrusted: the head and chunked framing are read with bounds. */
class HttpFramingTest {
    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aHeadIsReadAndInterimAnswersAreSkippedUpToABound() throws IOException {
        HttpHead head = HttpHead.read(bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                + "Connection: close, X-Private\r\n\r\nhi"));
        assertEquals(200, head.status());
        assertEquals("2", head.value("content-length").orElseThrow());
        assertTrue(head.lists("Connection", "x-private"));
        String endless = "HTTP/1.1 103 Early Hints\r\n\r\n".repeat(HttpHead.MAX_INTERIM + 1) + "HTTP/1.1 200 OK\r\n\r\n";
        assertThrows(IOException.class, () -> HttpHead.read(bytes(endless)));
    }

    @Test
    void aBrokenHeadIsRefused() {
        for (String broken : new String[] {"SSH-2.0-OpenSSH\r\n\r\n", "HTTP/1.1 999 Odd\r\n\r\n",
                "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", "HTTP/1.1 200 OK\r\nX-A: a\rb\r\n\r\n",
                "HTTP/1.1 200 OK\r\n" + "X-Long: " + "a".repeat(HttpHead.MAX_HEAD_BYTES) + "\r\n\r\n",
                "HTTP/1.1 200 OK\r\nX-Cut: 1"}) {
            assertThrows(IOException.class, () -> HttpHead.read(bytes(broken)), broken.substring(0, Math.min(30, broken.length())));
        }
    }

    @Test
    void chunksAreDecodedAndBrokenSizesRefused() throws IOException {
        ChunkedInput body = new ChunkedInput(bytes("5\r\nfirst\r\n7;ext=1\r\n second\r\n0\r\nTrailer: x\r\n\r\n"));
        assertEquals("first second", new String(body.readAllBytes(), StandardCharsets.US_ASCII));
        for (String broken : new String[] {"-1\r\nx\r\n", "zz\r\n", "5\r\nabc", "3\r\nabcX\r\n"}) {
            assertThrows(IOException.class, () -> new ChunkedInput(bytes(broken)).readAllBytes(), broken);
        }
    }
}
