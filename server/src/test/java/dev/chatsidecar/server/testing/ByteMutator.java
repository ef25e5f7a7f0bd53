package dev.chatsidecar.server.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of byte streams for fuzzing: flips, insertions of bytes that matter to event
 * streams and JSON (line ends, colons, quotes, invalid UTF-8), deletions, duplications, truncation,
 * swapped JSON values, spliced corpus pieces, and pure noise.
 */
public final class ByteMutator {
    private static final byte[][] TOKENS = {
            b("\n"), b("\r"), b("\r\n"), b("\n\n"), b(":"), b("data: "), b("event: delta\n"), b("data: [DONE]\n\n"),
            b("{"), b("}"), b("["), b("]"), b("\""), b("\\"), b(","), b("\\u0000"), b("\\ud83d"), b("\\udc00"),
            {(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0x80}, {(byte) 0xF0, (byte) 0x9F}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {0}, b(" "), b("\"p\": \"/message/content/parts/0\", \"o\": \"append\", "), b("\"c\": 1, "),
            b("{\"p\": \"\", \"o\": \"patch\", \"v\": [{\"p\": \"/message/status\", \"v\": 3}]}"),
            b("{\"choices\": [{\"index\": \"x\", \"delta\": {\"content\": 5}}]}")};
    private static final String[] VALUES = {"null", "[]", "{}", "-1", "1e999", "\"\"", "true", "\"abc\"", "2147483648",
            "[{\"p\":1}]", "{\"message\":{}}", "\"\\ud83d\"", "0.5"};

    private ByteMutator() {
    }

    /** One to four mutations of one kind applied to {@code seed}; {@code corpus} feeds splices. */
    public static byte[] mutate(byte[] seed, List<byte[]> corpus, Random random) {
        byte[] data = seed;
        int kind = random.nextInt(10);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            data = switch (kind) {
                case 0 -> flip(data, random);
                case 1 -> insert(data, random.nextInt(data.length + 1), TOKENS[random.nextInt(TOKENS.length)]);
                case 2 -> deleteRange(data, random);
                case 3 -> duplicateRange(data, random);
                case 4 -> Arrays.copyOf(data, data.length == 0 ? 0 : random.nextInt(data.length));
                case 5 -> replaceValue(data, random);
                case 6 -> splice(data, corpus.get(random.nextInt(corpus.size())), random);
                case 7 -> noise(random);
                case 8 -> insert(data, random.nextInt(data.length + 1), TOKENS[random.nextInt(TOKENS.length)]);
                default -> data; // the unmutated input stays in the mix
            };
        }
        return data;
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] flip(byte[] data, Random random) {
        if (data.length == 0) {
            return data;
        }
        byte[] copy = data.clone();
        copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        return copy;
    }

    private static byte[] insert(byte[] data, int at, byte[] piece) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + piece.length);
        out.write(data, 0, at);
        out.writeBytes(piece);
        out.write(data, at, data.length - at);
        return out.toByteArray();
    }

    private static byte[] deleteRange(byte[] data, Random random) {
        if (data.length == 0) {
            return data;
        }
        int from = random.nextInt(data.length);
        int to = Math.min(data.length, from + 1 + random.nextInt(64));
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        out.write(data, 0, from);
        out.write(data, to, data.length - to);
        return out.toByteArray();
    }

    private static byte[] duplicateRange(byte[] data, Random random) {
        if (data.length == 0) {
            return data;
        }
        int from = random.nextInt(data.length);
        int to = Math.min(data.length, from + 1 + random.nextInt(512));
        return insert(data, to, Arrays.copyOfRange(data, from, to));
    }

    private static byte[] splice(byte[] data, byte[] other, Random random) {
        if (other.length == 0) {
            return data;
        }
        int from = random.nextInt(other.length);
        int to = Math.min(other.length, from + 1 + random.nextInt(2048));
        return insert(data, random.nextInt(data.length + 1), Arrays.copyOfRange(other, from, to));
    }

    /** Replaces the JSON value after a random colon with another kind of value. */
    private static byte[] replaceValue(byte[] data, Random random) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        int colon = text.indexOf("\": ", data.length == 0 ? 0 : random.nextInt(data.length));
        if (colon < 0) {
            colon = text.indexOf("\":");
            if (colon < 0) {
                return data;
            }
        }
        int start = colon + 2;
        int end = start;
        while (end < text.length() && ",}]\n".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        String value = " " + VALUES[random.nextInt(VALUES.length)];
        return (text.substring(0, start) + value + text.substring(end)).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] noise(Random random) {
        byte[] bytes = new byte[random.nextInt(2048)];
        for (int i = 0; i < bytes.length; i++) {
            int pick = random.nextInt(8);
            bytes[i] = pick == 0 ? (byte) '\n' : pick == 1 ? (byte) ':' : (byte) random.nextInt(256);
        }
        return bytes;
    }
}
