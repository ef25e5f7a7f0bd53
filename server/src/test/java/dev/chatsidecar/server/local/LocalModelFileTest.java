package dev.chatsidecar.server.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatsidecar.server.testing.SharedFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModelFileTest {
    @TempDir
    Path dir;

    @Test
    void theSharedModelPassesWithItsHeaderRead() throws IOException {
        Path model = SharedFiles.storiesModel();
        LocalModelFile file = LocalModelFile.check(model.toString());
        assertTrue(file.usable(), file.problem());
        assertNull(file.problem());
        assertEquals("local/stories260K", file.id());
        GgufHeader header = file.header();
        assertEquals(3, header.version());
        assertEquals(48, header.tensorCount());
        assertEquals("llama", header.architecture());
        assertEquals(2048L, header.contextLength());
        assertFalse(header.hasChatTemplate());
        // all 48 tensors are F32: the computed end of their data is exactly the end of the file
        assertEquals(Files.size(model), header.dataEnd());
    }

    @Test
    void unsetPathSaysHowToConfigureIt() {
        for (String unset : new String[] {null, "", "   "}) {
            LocalModelFile file = LocalModelFile.check(unset);
            assertFalse(file.usable());
            assertEquals("local/model", file.id());
            assertEquals("No local model is configured: set local.modelPath (environment variable "
                    + "CHAT_SIDECAR_LOCAL_MODEL) to a GGUF model file.", file.problem());
        }
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("nothing-here.gguf");
        LocalModelFile file = LocalModelFile.check(missing.toString());
        assertEquals("local/nothing-here", file.id());
        assertEquals("The local model file does not exist: " + missing, file.problem());
    }

    @Test
    void directory() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("models.gguf"));
        assertEquals("The local model path is a directory, not a GGUF file: " + sub,
                LocalModelFile.check(sub.toString()).problem());
    }

    @Test
    void fileWithoutReadPermission() throws IOException {
        Path file = Files.write(dir.resolve("secret.gguf"), Files.readAllBytes(SharedFiles.storiesModel()));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        if (Files.isReadable(file)) {
            // root (as in CI) may read any file: then the model really is usable
            assertNull(LocalModelFile.check(file.toString()).problem());
        } else {
            assertEquals("The local model file cannot be read (permission denied): " + file,
                    LocalModelFile.check(file.toString()).problem());
        }
    }

    @Test
    void aSocketIsNotOpened() throws IOException {
        // a Unix socket passes the existence and permission checks but is no model file
        Path socket = dir.resolve("socket.gguf");
        try (java.nio.channels.ServerSocketChannel channel =
                     java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            channel.bind(java.net.UnixDomainSocketAddress.of(socket));
            assertEquals("The local model path is not a regular file (a pipe, device or socket): " + socket,
                    LocalModelFile.check(socket.toString()).problem());
        }
    }

    @Test
    void notGguf() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.gguf"), "version https://git-lfs.github.com/spec/v1\n");
        assertEquals("The local model file is not a GGUF file (it does not start with the bytes \"GGUF\"): " + file,
                LocalModelFile.check(file.toString()).problem());
        Path empty = Files.write(dir.resolve("empty.gguf"), new byte[0]);
        assertEquals("The local model file is not a GGUF file (it does not start with the bytes \"GGUF\"): " + empty,
                LocalModelFile.check(empty.toString()).problem());
    }

    @Test
    void shorterThanTheFixedHeader() throws IOException {
        Path file = Files.write(dir.resolve("stub.gguf"), "GGUF\u0003\0\0\0".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("The local model file is truncated (it is only 8 bytes long, shorter than a GGUF header "
                + "(24 bytes)): " + file, LocalModelFile.check(file.toString()).problem());
    }

    @Test
    void cutInsideTheMetadata() throws IOException {
        byte[] model = Files.readAllBytes(SharedFiles.storiesModel());
        Path file = Files.write(dir.resolve("cut.gguf"), Arrays.copyOf(model, 2000));
        assertEquals("The local model file is truncated (its header runs past the end of the file (2000 bytes)): "
                + file, LocalModelFile.check(file.toString()).problem());
    }

    @Test
    void cutInsideTheTensorData() throws IOException {
        byte[] model = Files.readAllBytes(SharedFiles.storiesModel());
        int keep = model.length - 4096;
        Path file = Files.write(dir.resolve("stories-cut.gguf"), Arrays.copyOf(model, keep));
        LocalModelFile check = LocalModelFile.check(file.toString());
        assertEquals("local/stories-cut", check.id());
        assertEquals("The local model file is truncated (its tensors need " + model.length
                + " bytes, but the file has only " + keep + "): " + file, check.problem());
    }

    @Test
    void countsLargerThanTheFileAreCaught() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        header.put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(3).putLong(1L << 40).putLong(0);
        Path file = Files.write(dir.resolve("liar.gguf"), header.array());
        assertEquals("The local model file is truncated (its header announces 1099511627776 tensors and 0 metadata "
                + "entries, more than a file of 64 bytes can hold): " + file, LocalModelFile.check(file.toString()).problem());
    }

    @Test
    void unsupportedVersion() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        header.put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(1).putLong(0).putLong(0);
        Path file = Files.write(dir.resolve("old.gguf"), header.array());
        assertEquals("The local model file has an unsupported format (it uses GGUF version 1, and only versions 2 "
                + "and 3 are supported): " + file, LocalModelFile.check(file.toString()).problem());
    }

    @Test
    void idDropsOnlyTheGgufEnding() {
        assertEquals("local/Qwen2.5-0.5B-Instruct-Q4_K_M", LocalModelFile.idFor(Path.of("/m/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf")));
        assertEquals("local/model.bin", LocalModelFile.idFor(Path.of("/m/model.bin")));
        assertEquals("local/UPPER", LocalModelFile.idFor(Path.of("/m/UPPER.GGUF")));
    }
}
