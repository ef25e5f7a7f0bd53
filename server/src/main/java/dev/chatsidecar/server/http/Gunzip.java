package dev.chatsidecar.server.http;

import dev.chatsidecar.server.upstream.BackendException;
import java.io.EOFException;
import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Undoes {@code content-encoding: gzip} on bytes pushed in as they arrive (RFC 1952), passing the
 * inflated bytes on at once: the push form of {@code GZIPInputStream}, with its rules — members may
 * follow each other, bytes after a member that do not start a new one are ignored, the trailer's CRC
 * and size are checked, a body that ends inside a member is an {@link EOFException}, and data that is
 * not gzip is a {@link ResponseBodies.MalformedBodyException}. Not thread-safe.
 */
final class Gunzip implements BodyReceiver {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    /** A header longer than this (names, extra field) is not taken for gzip. */
    private static final int MAX_HEADER = 256 * 1024;

    private enum State { HEADER, DATA, TRAILER, AFTER_MEMBER, IGNORING }

    private final BodyReceiver next;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] out = new byte[8192];
    private byte[] pending = new byte[64]; // header or trailer bytes gathered so far
    private int pendingLength;
    private State state = State.HEADER;

    Gunzip(BodyReceiver next) {
        this.next = next;
    }

    @Override
    public boolean bytes(byte[] bytes, int offset, int length) throws IOException, BackendException {
        int at = offset;
        int end = offset + length;
        while (at < end) {
            switch (state) {
                case HEADER, AFTER_MEMBER -> at = header(bytes, at, end);
                case DATA -> {
                    int[] consumed = new int[1];
                    if (inflate(bytes, at, end - at, consumed)) {
                        return true;
                    }
                    at += consumed[0];
                }
                case TRAILER -> at = trailer(bytes, at, end);
                case IGNORING -> at = end;
            }
        }
        return false;
    }

    @Override
    public void end() throws IOException, BackendException {
        if (state == State.HEADER || state == State.DATA || state == State.TRAILER) {
            throw new EOFException("Unexpected end of ZLIB input stream");
        }
        next.end();
    }

    /** Gathers header bytes; returns where reading goes on. */
    private int header(byte[] bytes, int at, int end) throws IOException {
        int room = Math.min(end - at, MAX_HEADER - pendingLength);
        gather(bytes, at, room);
        int headerLength = headerLength();
        if (headerLength < 0) {
            if (pendingLength >= MAX_HEADER) {
                throw malformed("Not in GZIP format");
            }
            return at + room;
        }
        if (headerLength == 0) { // not a gzip header
            if (state == State.AFTER_MEMBER) {
                state = State.IGNORING; // as GZIPInputStream: trailing garbage after a member is dropped
                return end;
            }
            throw malformed("Not in GZIP format");
        }
        int extra = pendingLength - headerLength; // bytes after the header that were gathered with it
        pendingLength = 0;
        inflater.reset();
        crc.reset();
        state = State.DATA;
        return at + room - extra;
    }

    /**
     * The length of the complete header gathered in {@code pending}: -1 while incomplete, 0 when it
     * is not a gzip header.
     */
    private int headerLength() throws IOException {
        if (pendingLength >= 2 && ((pending[0] & 0xff) != 0x1f || (pending[1] & 0xff) != 0x8b)) {
            return 0;
        }
        if (pendingLength < 10) {
            return -1;
        }
        if ((pending[2] & 0xff) != 8) {
            throw malformed("Unsupported compression method");
        }
        int flags = pending[3] & 0xff;
        int at = 10;
        if ((flags & FEXTRA) != 0) {
            if (pendingLength < at + 2) {
                return -1;
            }
            at += 2 + ((pending[at] & 0xff) | (pending[at + 1] & 0xff) << 8);
        }
        for (int flag : new int[] {FNAME, FCOMMENT}) {
            if ((flags & flag) != 0) {
                do {
                    if (at >= pendingLength) {
                        return -1;
                    }
                } while (pending[at++] != 0);
            }
        }
        if ((flags & FHCRC) != 0) {
            at += 2;
        }
        return at <= pendingLength ? at : -1;
    }

    /** Inflates; true when the next stage asked to stop. {@code consumed[0]} receives the input used. */
    private boolean inflate(byte[] bytes, int at, int length, int[] consumed) throws IOException, BackendException {
        inflater.setInput(bytes, at, length);
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(out);
                if (n > 0) {
                    crc.update(out, 0, n);
                    if (next.bytes(out, 0, n)) {
                        return true;
                    }
                } else if (inflater.needsInput()) {
                    break;
                } else if (inflater.needsDictionary()) {
                    throw malformed("a preset dictionary is not allowed in gzip");
                }
            }
        } catch (DataFormatException e) {
            throw malformed(e.getMessage());
        }
        consumed[0] = length - inflater.getRemaining();
        if (inflater.finished()) {
            state = State.TRAILER;
        }
        return false;
    }

    /** Gathers the 8 trailer bytes, then checks them. */
    private int trailer(byte[] bytes, int at, int end) throws IOException {
        int room = Math.min(end - at, 8 - pendingLength);
        gather(bytes, at, room);
        if (pendingLength == 8) {
            long size = inflater.getBytesWritten() & 0xffffffffL;
            if (littleEndian(0) != crc.getValue() || littleEndian(4) != size) {
                throw malformed("Corrupt GZIP trailer");
            }
            pendingLength = 0;
            state = State.AFTER_MEMBER;
        }
        return at + room;
    }

    private long littleEndian(int at) {
        return (pending[at] & 0xffL) | (pending[at + 1] & 0xffL) << 8 | (pending[at + 2] & 0xffL) << 16
                | (pending[at + 3] & 0xffL) << 24;
    }

    private void gather(byte[] bytes, int at, int length) {
        if (pendingLength + length > pending.length) {
            pending = java.util.Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
        }
        System.arraycopy(bytes, at, pending, pendingLength, length);
        pendingLength += length;
    }

    private static IOException malformed(String message) {
        return new ResponseBodies.MalformedBodyException(new ZipException(message));
    }
}
