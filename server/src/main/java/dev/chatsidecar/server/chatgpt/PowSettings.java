package dev.chatsidecar.server.chatgpt;

import java.time.Duration;

/**
 * Which proof of work a request pays: the hash and time bound from its settings
 * ({@code chatgpt.powHash}, {@code chatgpt.powTimeoutMs}), unless a library user fixed them in
 * {@link ChatGptOptions}.
 *
 * @param fixedHash      overrides {@code chatgpt.powHash} when not {@code null}
 * @param fixedTimeLimit overrides {@code chatgpt.powTimeoutMs} when not {@code null}
 */
record PowSettings(PowHash fixedHash, Duration fixedTimeLimit) {

    ProofOfWork forEndpoint(ChatGptEndpoint endpoint) {
        PowHash hash = fixedHash != null ? fixedHash : PowHash.named(endpoint.powHash());
        Duration limit = fixedTimeLimit != null ? fixedTimeLimit : Duration.ofMillis(endpoint.powTimeoutMs());
        return new ProofOfWork(hash == null ? new Sha3PowHash() : hash, ProofOfWork.MAX_ATTEMPTS, limit);
    }
}
