package dev.boxcar.worker.agent;

import dev.boxcar.core.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * Reads the agent's answer to {@code file.read} without passing the file through a JSON parser. A
 * 16 MiB file is a 22 MB base64 string; a parser holds it several times over (its growing buffer,
 * the string, the decoded bytes, then the same again to write the job's result), which a worker's
 * heap cannot spare. The base64 text is cut out of the answer as it is (it is what the job's
 * result stores anyway), and only the small rest is parsed.
 */
final class FileReadAnswer {
    private static final byte[] CONTENT = "\"content\":\"".getBytes(StandardCharsets.US_ASCII);

    private FileReadAnswer() {
    }

    static AgentResponse parse(byte[] answer, int length) throws AgentException {
        int start = indexOf(answer, length, CONTENT);
        if (start < 0) {
            return Json.read(answer, length, AgentResponse.class);
        }
        start += CONTENT.length;
        int end = start;
        while (end < length && answer[end] != '"') {
            if (!isBase64(answer[end])) {
                throw new AgentException("the agent's file content is not base64");
            }
            end++;
        }
        if (end == length) {
            throw new AgentException("the agent's answer to file.read ends inside the file's content");
        }
        String content = new String(answer, start, end - start, StandardCharsets.ISO_8859_1);
        byte[] rest = new byte[length - (end - start)];
        System.arraycopy(answer, 0, rest, 0, start);
        System.arraycopy(answer, end, rest, start, length - end);
        AgentResponse response = Json.read(rest, rest.length, AgentResponse.class);
        if (response.file() == null) {
            throw new AgentException("the agent's answer to file.read lacks its result");
        }
        AgentResponse.FileResult file = new AgentResponse.FileResult(response.file().found(), response.file().size(), content);
        return new AgentResponse(response.ok(), response.error(), response.ping(), response.exec(), response.cancel(),
                response.process(), response.processes(), response.logs(), file, response.peek(), response.errorCode(),
                response.reset());
    }

    private static boolean isBase64(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '+' || b == '/' || b == '=';
    }

    private static int indexOf(byte[] haystack, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
