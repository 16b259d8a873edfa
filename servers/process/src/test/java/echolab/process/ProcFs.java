package echolab.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads the process table the way {@code ps} does, from /proc. */
final class ProcFs {
    private ProcFs() {
    }

    /** The children of {@code parent}, each with its state letter (R, S, Z, ...). */
    static Map<Long, Character> childStates(long parent) throws IOException {
        var states = new TreeMap<Long, Character>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String stat;
                try {
                    stat = Files.readString(entry.resolve("stat"));
                } catch (IOException goneMeanwhile) {
                    continue;
                }
                // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
                String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (Long.parseLong(rest[1]) == parent) {
                    states.put(Long.parseLong(name), rest[0].charAt(0));
                }
            }
        }
        return states;
    }
}
