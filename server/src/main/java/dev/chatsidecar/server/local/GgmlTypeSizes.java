package dev.chatsidecar.server.local;

/**
 * Storage sizes of ggml tensor types, used to tell how far a GGUF file's tensor data must reach.
 * Only types whose block layout is certain are listed; any other type counts as 0 bytes, so that an
 * unknown (e.g. newer) type can never make a good file look truncated.
 */
final class GgmlTypeSizes {
    private GgmlTypeSizes() {
    }

    /** Bytes needed for {@code elements} values of ggml type {@code type}, or 0 when the type is not known here. */
    static long bytes(int type, long elements) {
        long[] layout = layout(type);
        if (layout == null || elements <= 0) {
            return 0;
        }
        long blocks = (elements + layout[0] - 1) / layout[0];
        return blocks > Long.MAX_VALUE / layout[1] ? Long.MAX_VALUE : blocks * layout[1];
    }

    /** {elements per block, bytes per block}, or {@code null}. */
    private static long[] layout(int type) {
        return switch (type) {
            case 0 -> new long[] {1, 4};      // F32
            case 1 -> new long[] {1, 2};      // F16
            case 2 -> new long[] {32, 18};    // Q4_0: fp16 scale + 16 bytes of nibbles
            case 3 -> new long[] {32, 20};    // Q4_1: fp16 scale and min + 16 bytes
            case 6 -> new long[] {32, 22};    // Q5_0
            case 7 -> new long[] {32, 24};    // Q5_1
            case 8 -> new long[] {32, 34};    // Q8_0: fp16 scale + 32 bytes
            case 10 -> new long[] {256, 84};  // Q2_K
            case 11 -> new long[] {256, 110}; // Q3_K
            case 12 -> new long[] {256, 144}; // Q4_K
            case 13 -> new long[] {256, 176}; // Q5_K
            case 14 -> new long[] {256, 210}; // Q6_K
            case 20 -> new long[] {32, 18};   // IQ4_NL
            case 23 -> new long[] {256, 136}; // IQ4_XS
            case 24 -> new long[] {1, 1};     // I8
            case 25 -> new long[] {1, 2};     // I16
            case 26 -> new long[] {1, 4};     // I32
            case 27 -> new long[] {1, 8};     // I64
            case 28 -> new long[] {1, 8};     // F64
            case 30 -> new long[] {1, 2};     // BF16
            default -> null;
        };
    }
}
