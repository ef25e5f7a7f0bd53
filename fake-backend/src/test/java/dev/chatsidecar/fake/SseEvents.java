package dev.chatsidecar.fake;

import java.util.ArrayList;
import java.util.List;

/** Test-side SSE parsing: splits a body into events (name + data), strict about the framing. */
final class SseEvents {
    /** One event; {@code name} is null when the event had no {@code event:} line. */
    static final class Event {
        final String name;
        final String data;

        Event(String name, String data) {
            this.name = name;
            this.data = data;
        }

        @Override
        public String toString() {
            return (name == null ? "" : "event: " + name + " ") + "data: " + data;
        }
    }

    private SseEvents() {
    }

    static List<Event> parse(String body) {
        List<Event> events = new ArrayList<>();
        if (!body.isEmpty() && !body.endsWith("\n\n")) {
            throw new AssertionError("body does not end with a blank line: " + body);
        }
        for (String block : body.split("\n\n")) {
            if (block.isEmpty()) {
                continue;
            }
            String name = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    name = line.substring("event: ".length());
                } else if (line.startsWith("data: ")) {
                    if (data != null) {
                        throw new AssertionError("two data lines in one event: " + block);
                    }
                    data = line.substring("data: ".length());
                } else {
                    throw new AssertionError("unexpected SSE line: " + line);
                }
            }
            if (data == null) {
                throw new AssertionError("event without data: " + block);
            }
            events.add(new Event(name, data));
        }
        return events;
    }
}
