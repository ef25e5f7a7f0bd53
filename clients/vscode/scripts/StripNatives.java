import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Copies the sidecar jar keeping only one platform's native llama library:
 * {@code java StripNatives.java <in.jar> <out.jar> <natives prefix> <keep dir or "none">}.
 * Entries under the prefix but not under the kept directory are left out; everything else is
 * copied unchanged (run with Java's single-file launcher at package time).
 */
public class StripNatives {
    public static void main(String[] args) throws IOException {
        String prefix = args[2];
        String keep = args[3].equals("none") ? null : prefix + args[3] + "/";
        int dropped = 0;
        try (ZipInputStream in = new ZipInputStream(new FileInputStream(args[0]));
             ZipOutputStream out = new ZipOutputStream(new FileOutputStream(args[1]))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                String name = entry.getName();
                boolean isNative = name.startsWith(prefix) && !entry.isDirectory() && !name.endsWith(".class");
                if (isNative && (keep == null || !name.startsWith(keep))) {
                    dropped++;
                    continue;
                }
                ZipEntry copy = new ZipEntry(name);
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                in.transferTo(out);
                out.closeEntry();
            }
        }
        System.out.println("left out " + dropped + " native libraries of other platforms");
    }
}
