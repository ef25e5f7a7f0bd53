package dev.chatsidecar.server.http;

/**
 * One Server-Sent Event.
 *
 * @param event the {@code event:} name, or {@code "message"} when the event named none
 * @param data  the {@code data:} lines joined with {@code \n} (may be empty)
 */
public record SseEvent(String event, String data) {
}
