package dev.chatsidecar.server.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The options of {@code ask}, parsed in full before anything is contacted. Options may come
 * anywhere among the prompt's words; {@code --} ends them (everything after it is prompt text);
 * {@code -h}/{@code --help} anywhere asks for help.
 *
 * @param prompt      the prompt words joined by spaces ({@code ""}: read stdin)
 * @param model       {@code -m/--model}, or {@code null}
 * @param system      {@code -s/--system}, or {@code null}
 * @param temperature {@code --temperature} (0 to 2), or {@code null}
 * @param maxTokens   {@code --max-tokens} (1 to 1,000,000), or {@code null}
 */
record AskOptions(String prompt, String model, String system, Double temperature, Integer maxTokens,
                  boolean json, boolean listModels, boolean help) {

    static final String USAGE = String.join("\n",
            "Usage: java -jar chat-sidecar.jar ask [OPTIONS] [--] [PROMPT...]",
            "",
            "Streams one answer to stdout; without PROMPT the prompt is read from stdin.",
            "",
            "  -m, --model MODEL        a model id or alias from --list-models (default: defaultModel)",
            "  -s, --system TEXT        a system prompt sent before the question",
            "      --temperature T      0 to 2 (OpenAI-compatible and local models; ChatGPT ignores it)",
            "      --max-tokens N       1 to 1000000 (OpenAI-compatible and local models)",
            "      --json               print the result object (text, model, attempts, ...) as JSON instead",
            "      --list-models        print the models (id, status, label, reason) and exit",
            "  -h, --help               print this help and exit",
            "      --                   the rest is prompt text, even when it starts with -",
            "",
            "Exit codes: 0 answered, 1 the request failed (a partial answer stays on stdout),",
            "2 bad usage, 130 interrupted (Ctrl-C keeps the partial answer).",
            "Settings come from the environment (see java -jar chat-sidecar.jar --help).",
            "");

    /** A usage error: the message for stderr (without the {@code chat-sidecar:} prefix). */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static AskOptions parse(List<String> args) throws UsageException {
        if (args.stream().takeWhile(a -> !a.equals("--")).anyMatch(a -> a.equals("-h") || a.equals("--help"))) {
            return new AskOptions("", null, null, null, null, false, false, true);
        }
        Parser p = new Parser(args);
        return p.parse();
    }

    /** Walks the arguments once. */
    private static final class Parser {
        private final List<String> args;
        private final List<String> words = new ArrayList<>();
        private int index;
        private String model;
        private String system;
        private Double temperature;
        private Integer maxTokens;
        private boolean json;
        private boolean listModels;

        Parser(List<String> args) {
            this.args = args;
        }

        AskOptions parse() throws UsageException {
            while (index < args.size()) {
                String arg = args.get(index++);
                if (arg.equals("--")) {
                    words.addAll(args.subList(index, args.size()));
                    break;
                }
                if (arg.length() < 2 || !arg.startsWith("-")) {
                    words.add(arg);
                    continue;
                }
                option(arg);
            }
            return new AskOptions(String.join(" ", words), model, system, temperature, maxTokens, json, listModels,
                    false);
        }

        private void option(String arg) throws UsageException {
            int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String inline = eq < 0 ? null : arg.substring(eq + 1);
            switch (name) {
                case "-m", "--model" -> model = value(name, inline);
                case "-s", "--system" -> system = value(name, inline);
                case "--temperature" -> temperature = number(name, value(name, inline), 0, 2, false);
                case "--max-tokens" -> maxTokens = number(name, value(name, inline), 1, 1_000_000, true).intValue();
                case "--json" -> json = flag(name, inline);
                case "--list-models" -> listModels = flag(name, inline);
                default -> throw new UsageException("unknown option \"" + name + "\" (use -- before a prompt that "
                        + "starts with -)");
            }
        }

        private String value(String name, String inline) throws UsageException {
            if (inline != null) {
                return inline;
            }
            if (index >= args.size()) {
                throw new UsageException(name + " needs a value");
            }
            return args.get(index++);
        }

        private static boolean flag(String name, String inline) throws UsageException {
            if (inline != null) {
                throw new UsageException(name + " takes no value");
            }
            return true;
        }

        private static Double number(String name, String text, double min, double max, boolean whole)
                throws UsageException {
            try {
                double value = Double.parseDouble(text.trim());
                if (value >= min && value <= max && !Double.isNaN(value) && (!whole || value == Math.rint(value))) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException(name + " must be " + (whole ? "a whole number" : "a number") + " from "
                    + plain(min) + " to " + plain(max) + ", got \"" + text + "\"");
        }

        private static String plain(double number) {
            return java.math.BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
        }
    }
}
