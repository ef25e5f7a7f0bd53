package dev.chatsidecar.server.local;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a GGUF header (format versions 2 and 3): magic, counts, the metadata key/values and the
 * tensor infos, skipping what it does not need. Everything in GGUF is little-endian.
 *
 * <p>It only reads; it never maps the tensor data. A header that runs past the end of the file, or
 * that places tensor data beyond it, is reported as {@link Problem#TRUNCATED}.
 */
final class GgufHeaderReader {
    private static final int TYPE_UINT8 = 0;
    private static final int TYPE_INT8 = 1;
    private static final int TYPE_UINT16 = 2;
    private static final int TYPE_INT16 = 3;
    private static final int TYPE_UINT32 = 4;
    private static final int TYPE_INT32 = 5;
    private static final int TYPE_FLOAT32 = 6;
    private static final int TYPE_BOOL = 7;
    private static final int TYPE_STRING = 8;
    private static final int TYPE_ARRAY = 9;
    private static final int TYPE_UINT64 = 10;
    private static final int TYPE_INT64 = 11;
    private static final int TYPE_FLOAT64 = 12;
    private static final long DEFAULT_ALIGNMENT = 32;

    private final InputStream in;
    private final long fileSize;
    private long position;

    private GgufHeaderReader(InputStream in, long fileSize) {
        this.in = in;
        this.fileSize = fileSize;
    }

    /** Why a file is not a usable GGUF file. */
    enum Problem { NOT_GGUF, UNSUPPORTED_VERSION, TRUNCATED }

    /** The file is not a usable GGUF file; the message says why in plain words. */
    static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;
        final Problem problem;

        FormatException(Problem problem, String message) {
            super(message);
            this.problem = problem;
        }
    }

    /**
     * @throws FormatException when the file is not GGUF, has an unknown version or is truncated
     * @throws IOException     when the file cannot be read at all
     */
    static GgufHeader read(Path file) throws IOException, FormatException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("not a regular file"); // opening a FIFO would block; see LocalModelFile
        }
        long size = Files.size(file);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return new GgufHeaderReader(raw, size).readHeader();
        }
    }

    private GgufHeader readHeader() throws IOException, FormatException {
        byte[] magic = in.readNBytes(4);
        position += magic.length;
        if (magic.length < 4 || !Arrays.equals(magic, GgufHeader.MAGIC)) {
            throw new FormatException(Problem.NOT_GGUF, "it does not start with the bytes \"GGUF\"");
        }
        if (fileSize < GgufHeader.FIXED_HEADER_BYTES) {
            throw new FormatException(Problem.TRUNCATED, "it is only " + fileSize
                    + " bytes long, shorter than a GGUF header (" + GgufHeader.FIXED_HEADER_BYTES + " bytes)");
        }
        try {
            return readAfterMagic();
        } catch (EOFException e) {
            throw new FormatException(Problem.TRUNCATED, "its header runs past the end of the file ("
                    + fileSize + " bytes)");
        }
    }

    private GgufHeader readAfterMagic() throws IOException, FormatException {
        long version = u32();
        if (version != 2 && version != 3) {
            throw new FormatException(Problem.UNSUPPORTED_VERSION, "it uses GGUF version " + version
                    + ", and only versions 2 and 3 are supported");
        }
        long tensorCount = u64();
        long kvCount = u64();
        // every tensor info and every key/value takes at least 8 bytes: counts beyond that are lies
        if (tensorCount < 0 || kvCount < 0 || tensorCount > fileSize / 8 || kvCount > fileSize / 8) {
            throw new FormatException(Problem.TRUNCATED, "its header announces " + tensorCount + " tensors and "
                    + kvCount + " metadata entries, more than a file of " + fileSize + " bytes can hold");
        }
        String architecture = null;
        String contextKeySuffix = ".context_length";
        Long contextLength = null;
        boolean hasTemplate = false;
        long alignment = DEFAULT_ALIGNMENT;
        for (long i = 0; i < kvCount; i++) {
            String key = string();
            int type = (int) u32();
            if (key.equals("general.architecture") && type == TYPE_STRING) {
                architecture = string();
            } else if (key.equals("tokenizer.chat_template") && type == TYPE_STRING) {
                hasTemplate = !string().isBlank();
            } else if (key.endsWith(contextKeySuffix) && !key.contains("draft") && isInteger(type)) {
                long value = integer(type);
                // the architecture key comes first in files written by llama.cpp; accept it when it matches
                if (architecture == null || key.equals(architecture + contextKeySuffix)) {
                    contextLength = value;
                }
            } else if (key.equals("general.alignment") && isInteger(type)) {
                alignment = Math.max(1, integer(type));
            } else {
                skipValue(type);
            }
        }
        long lastEnd = 0;
        for (long i = 0; i < tensorCount; i++) {
            skipString();
            long dims = u32();
            if (dims > 8) {
                throw new FormatException(Problem.TRUNCATED, "tensor " + i + " claims " + dims
                        + " dimensions; the header is damaged or cut");
            }
            long elements = 1;
            for (int d = 0; d < dims; d++) {
                elements = saturatingMultiply(elements, u64());
            }
            int ggmlType = (int) u32();
            long offset = u64();
            lastEnd = Math.max(lastEnd, saturatingAdd(offset, GgmlTypeSizes.bytes(ggmlType, elements)));
        }
        long dataStart = (position + alignment - 1) / alignment * alignment;
        long dataEnd = saturatingAdd(dataStart, lastEnd);
        if (tensorCount > 0 && dataEnd > fileSize) {
            throw new FormatException(Problem.TRUNCATED, "its tensors need " + dataEnd
                    + " bytes, but the file has only " + fileSize);
        }
        return new GgufHeader(version, tensorCount, architecture, contextLength, hasTemplate, dataStart, dataEnd);
    }

    private void skipValue(int type) throws IOException, FormatException {
        if (type == TYPE_STRING) {
            skipString();
        } else if (type == TYPE_ARRAY) {
            int itemType = (int) u32();
            long count = u64();
            if (count < 0 || count > fileSize) {
                throw new FormatException(Problem.TRUNCATED, "a metadata array claims " + count
                        + " items, more than the file can hold");
            }
            int width = width(itemType);
            if (width > 0) {
                skip(saturatingMultiply(count, width));
            } else {
                for (long i = 0; i < count; i++) {
                    skipValue(itemType);
                }
            }
        } else {
            int width = width(type);
            if (width <= 0) {
                throw new FormatException(Problem.TRUNCATED, "a metadata value has unknown type " + type
                        + "; the header is damaged or cut");
            }
            skip(width);
        }
    }

    /** Bytes of a fixed-size value type, or 0 for strings, arrays and unknown types. */
    private static int width(int type) {
        return switch (type) {
            case TYPE_UINT8, TYPE_INT8, TYPE_BOOL -> 1;
            case TYPE_UINT16, TYPE_INT16 -> 2;
            case TYPE_UINT32, TYPE_INT32, TYPE_FLOAT32 -> 4;
            case TYPE_UINT64, TYPE_INT64, TYPE_FLOAT64 -> 8;
            default -> 0;
        };
    }

    private static boolean isInteger(int type) {
        return type == TYPE_UINT32 || type == TYPE_INT32 || type == TYPE_UINT64 || type == TYPE_INT64;
    }

    private long integer(int type) throws IOException {
        return type == TYPE_UINT32 || type == TYPE_INT32 ? u32() : u64();
    }

    private String string() throws IOException, FormatException {
        long length = stringLength();
        byte[] bytes = in.readNBytes((int) length);
        position += bytes.length;
        if (bytes.length < length) {
            throw new EOFException();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private void skipString() throws IOException, FormatException {
        skip(stringLength());
    }

    private long stringLength() throws IOException, FormatException {
        long length = u64();
        if (length < 0 || length > fileSize - position) {
            throw new FormatException(Problem.TRUNCATED, "a string in its header is longer than the rest of the file");
        }
        return length;
    }

    private void skip(long count) throws IOException {
        if (count > fileSize - position) {
            throw new EOFException();
        }
        long left = count;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException();
                }
                skipped = 1;
            }
            left -= skipped;
        }
        position += count;
    }

    private long u32() throws IOException {
        return littleEndian(4);
    }

    private long u64() throws IOException {
        return littleEndian(8);
    }

    private long littleEndian(int bytes) throws IOException {
        byte[] b = in.readNBytes(bytes);
        position += b.length;
        if (b.length < bytes) {
            throw new EOFException();
        }
        long value = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            value = (value << 8) | (b[i] & 0xFF);
        }
        return value;
    }

    private static long saturatingMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long result = a * b;
        return high != 0 || result < 0 ? Long.MAX_VALUE : result;
    }

    private static long saturatingAdd(long a, long b) {
        long result = a + b;
        return result < 0 ? Long.MAX_VALUE : result;
    }
}
