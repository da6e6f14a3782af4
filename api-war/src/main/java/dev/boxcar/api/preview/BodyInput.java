package dev.boxcar.api.preview;

import java.io.IOException;
import java.io.InputStream;

/** A de-framed response body: subclasses read in blocks, a single byte is one block of one. */
abstract class BodyInput extends InputStream {
    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public abstract int read(byte[] buffer, int offset, int length) throws IOException;
}
