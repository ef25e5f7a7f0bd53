package dev.chatsidecar.server.chatgpt;

/**
 * The bot-verification programs chatgpt.com may demand in its chat requirements. This sidecar
 * solves none of them (see {@link ChallengeStage}); a {@link ChallengeTokenSource} may supply tokens.
 */
public enum Challenge {
    TURNSTILE("turnstile", "Turnstile", "openai-sentinel-turnstile-token"),
    ARKOSE("arkose", "Arkose", "openai-sentinel-arkose-token"),
    /** Newer responses carry {@code so: {required}}; the header name follows the others' pattern (unverified). */
    SO("so", "SO", "openai-sentinel-so-token");

    private final String field;
    private final String displayName;
    private final String header;

    Challenge(String field, String displayName, String header) {
        this.field = field;
        this.displayName = displayName;
        this.header = header;
    }

    /** The member of the requirements response ({@code turnstile}, {@code arkose}, {@code so}). */
    public String field() {
        return field;
    }

    /** The name shown to users. */
    public String displayName() {
        return displayName;
    }

    /** The conversation request header that carries a token for it. */
    public String header() {
        return header;
    }
}
