package dev.chatsidecar.bench.driver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the report says about the machine the numbers come from. */
final class MachineInfo {
    private MachineInfo() {
    }

    static String memoryTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.1f GB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (Exception e) {
            return "unknown";
        }
        return "unknown";
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception e) {
            return "unknown";
        }
        return "unknown";
    }

    /** The 1, 5 and 15 minute load averages from {@code /proc/loadavg}. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        } catch (Exception e) {
            return "unknown";
        }
    }
}
