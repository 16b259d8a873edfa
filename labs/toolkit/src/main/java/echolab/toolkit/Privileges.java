package echolab.toolkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What this process may do that an ordinary user's may not, read from the kernel's own account of it. */
public final class Privileges {
    /** CAP_NET_ADMIN: configure interfaces and links. */
    public static final int NET_ADMIN = 12;
    /** CAP_NET_RAW: raw and packet sockets, which tcpdump captures with. */
    public static final int NET_RAW = 13;
    /** CAP_SYS_ADMIN: among much else, make namespaces. */
    public static final int SYS_ADMIN = 21;

    private Privileges() {
    }

    /** The CapEff mask of this process, from /proc/self/status; 0 where it cannot be read. */
    public static long effectiveCapabilities() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("CapEff:"))
                    .map(l -> Long.parseUnsignedLong(l.substring(7).strip(), 16)).findFirst().orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Whether this process has every one of {@code capabilities}. */
    public static boolean has(int... capabilities) {
        long effective = effectiveCapabilities();
        for (int capability : capabilities) {
            if ((effective & (1L << capability)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** What the labs mean by root: capturing packets and making network namespaces. */
    public static boolean root() {
        return has(NET_RAW, NET_ADMIN, SYS_ADMIN);
    }
}
