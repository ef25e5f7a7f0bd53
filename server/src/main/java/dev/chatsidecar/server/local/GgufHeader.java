package dev.chatsidecar.server.local;

/**
 * What the sidecar reads from a GGUF file's header before handing the file to llama.cpp: enough to
 * tell a good file from a truncated one, and the few metadata values the local backend uses.
 *
 * @param version         the GGUF format version (2 or 3)
 * @param tensorCount     number of tensors the header announces
 * @param architecture    {@code general.architecture} (e.g. {@code llama}), or {@code null}
 * @param contextLength   {@code <architecture>.context_length}, or {@code null} when absent
 * @param hasChatTemplate whether {@code tokenizer.chat_template} is present and non-blank
 * @param dataStart       offset of the tensor data section (after the aligned tensor infos)
 * @param dataEnd         offset where the last tensor's data ends, as far as the header tells
 */
public record GgufHeader(long version, long tensorCount, String architecture, Long contextLength,
                         boolean hasChatTemplate, long dataStart, long dataEnd) {

    /** The file's first four bytes. */
    public static final byte[] MAGIC = {'G', 'G', 'U', 'F'};
    /** Magic, version, tensor count and metadata count: the smallest possible GGUF file. */
    public static final int FIXED_HEADER_BYTES = 4 + 4 + 8 + 8;
}
