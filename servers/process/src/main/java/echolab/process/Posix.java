package echolab.process;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The few C library calls the process model needs and the JDK does not offer, bound through
 * the Foreign Function and Memory API: descriptors (dup, dup2, close, getsockname, getpeername,
 * write) and children (posix_spawn, waitpid). They are the parent's: a child makes none of
 * them on its way to serving (see {@link ParentLifeline} and {@link ChildOutput}), since
 * linking even one costs a child JVM about 40 ms at every start.
 */
// Restricted methods are this class's purpose; the JVMs run with --enable-native-access.
@SuppressWarnings("restricted")
final class Posix {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    private static final int ECHILD = 10;
    private static final int EINTR = 4;
    // glibc's posix_spawn_file_actions_t is 80 bytes on x86_64 and aarch64; room to spare.
    private static final long FILE_ACTIONS_SIZE = 256;
    private static final long SOCKADDR_SIZE = 128;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();

    /** What a child whose output is a regular file needs too: bound on first use. */
    private static final class OutputCalls {
        static final MethodHandle DUP = function("dup", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        static final MethodHandle WRITE = function("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }

    /** What only the parent needs. */
    private static final class ParentCalls {
        static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
        static final VarHandle ERRNO_VALUE = Linker.Option.captureStateLayout()
                .varHandle(MemoryLayout.PathElement.groupElement("errno"));
        static final MethodHandle DUP2 = function("dup2", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle CLOSE = function("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        static final MethodHandle GETSOCKNAME = function("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle GETPEERNAME = function("getpeername", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        static final MethodHandle SOCKET = function("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle SPAWN = function("posix_spawn",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        static final MethodHandle ACTIONS_INIT = function("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle ACTIONS_DUP2 = function("posix_spawn_file_actions_adddup2",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        static final MethodHandle ACTIONS_CLOSEFROM = function("posix_spawn_file_actions_addclosefrom_np",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        static final MethodHandle ACTIONS_DESTROY = function("posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        static final MethodHandle WAITPID = function("waitpid",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
    }

    private Posix() {
    }

    /** Binds the parent's calls now, so that the first client does not wait for it. */
    static void bindParentCalls() {
        ParentCalls.WAITPID.type();
    }

    static int dup(int fd) {
        try {
            return check("dup", (int) OutputCalls.DUP.invokeExact(fd));
        } catch (Throwable e) {
            throw failed(e);
        }
    }

    static void dup2(int from, int to) {
        check("dup2", (int) invoke(ParentCalls.DUP2, from, to));
    }

    static void close(int fd) {
        check("close", (int) invoke(ParentCalls.CLOSE, fd));
    }

    /**
     * Drops this process's reference to socket {@code fd} without touching the connection, by
     * putting a fresh unconnected socket in its place. Java's own close would shut the
     * connection down for every process sharing it, the child included.
     */
    static void detach(int fd) {
        int placeholder = check("socket", (int) invoke(ParentCalls.SOCKET, AF_INET, 1, 0));
        dup2(placeholder, fd);
        close(placeholder);
    }

    /** Writes all of {@code bytes[offset, offset + length)} to {@code fd}. */
    static void write(int fd, byte[] bytes, int offset, int length) {
        try (var arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(Math.max(length, 1));
            MemorySegment.copy(bytes, offset, buffer, ValueLayout.JAVA_BYTE, 0, length);
            long written = 0;
            while (written < length) {
                long n;
                try {
                    n = (long) OutputCalls.WRITE.invokeExact(fd, buffer.asSlice(written), (long) length - written);
                } catch (Throwable e) {
                    throw failed(e);
                }
                if (n < 0) {
                    throw new IllegalStateException("write failed");
                }
                written += n;
            }
        }
    }

    /** The local or peer address of socket {@code fd}: port and address bytes; null if not a socket. */
    static SocketAddressBytes socketAddress(int fd, boolean peer) {
        try (var arena = Arena.ofConfined()) {
            MemorySegment address = arena.allocate(SOCKADDR_SIZE);
            MemorySegment length = arena.allocateFrom(JAVA_INT, (int) SOCKADDR_SIZE);
            int result = (int) invoke(peer ? ParentCalls.GETPEERNAME : ParentCalls.GETSOCKNAME, fd, address, length);
            if (result != 0) {
                return null;
            }
            int family = Short.toUnsignedInt(address.get(ValueLayout.JAVA_SHORT, 0));
            // sin_port and sin6_port sit at the same offset, in network byte order.
            int port = (Byte.toUnsignedInt(address.get(ValueLayout.JAVA_BYTE, 2)) << 8)
                    | Byte.toUnsignedInt(address.get(ValueLayout.JAVA_BYTE, 3));
            byte[] bytes = switch (family) {
                case AF_INET -> address.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE);
                case AF_INET6 -> address.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE);
                default -> new byte[0];
            };
            return new SocketAddressBytes(port, bytes);
        }
    }

    /** A socket's address as the kernel gives it. */
    record SocketAddressBytes(int port, byte[] address) {
    }

    /**
     * Starts {@code command} (program first) under the name {@code argv0}, with {@code socketFd}
     * as its standard input and every other descriptor above 2 closed, with the parent's
     * environment; returns the child's pid. The JDK knows nothing of this child: nobody waits
     * for it unless we do.
     */
    static int spawn(String argv0, List<String> command, int socketFd) {
        try (var arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(FILE_ACTIONS_SIZE, 16);
            checkZero("posix_spawn_file_actions_init", (int) invoke(ParentCalls.ACTIONS_INIT, actions));
            try {
                checkZero("posix_spawn_file_actions_adddup2", (int) invoke(ParentCalls.ACTIONS_DUP2, actions, socketFd, 0));
                // Without this the child would inherit the listening socket and every other
                // connection the parent holds (Java does not mark them close-on-exec).
                checkZero("posix_spawn_file_actions_addclosefrom_np", (int) invoke(ParentCalls.ACTIONS_CLOSEFROM, actions, 3));
                MemorySegment pid = arena.allocate(JAVA_INT);
                var argv = new ArrayList<String>(command);
                argv.set(0, argv0);
                int error = (int) invoke(ParentCalls.SPAWN, pid, arena.allocateFrom(command.getFirst()), actions,
                        MemorySegment.NULL, strings(arena, argv), environ());
                if (error != 0) {
                    throw new IllegalStateException("posix_spawn failed: errno " + error);
                }
                return pid.get(JAVA_INT, 0);
            } finally {
                invoke(ParentCalls.ACTIONS_DESTROY, actions);
            }
        }
    }

    /**
     * Waits for any child to end and returns its pid and raw wait status, or null when there
     * is no child to wait for.
     */
    static Exit waitAny() {
        try (var arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            while (true) {
                int pid = (int) invoke(ParentCalls.WAITPID, state, -1, status, 0);
                if (pid > 0) {
                    return new Exit(pid, status.get(JAVA_INT, 0));
                }
                int errno = (int) ParentCalls.ERRNO_VALUE.get(state, 0L);
                if (errno == ECHILD) {
                    return null;
                }
                if (errno != EINTR) {
                    throw new IllegalStateException("waitpid failed: errno " + errno);
                }
            }
        }
    }

    /** A reaped child: its pid and the wait status the kernel kept for it. */
    record Exit(int pid, int status) {
        /** The status as a person reads it, like a shell would. */
        String describe() {
            int signal = status & 0x7f;
            return signal == 0 ? "exited with status " + ((status >> 8) & 0xff) : "killed by signal " + signal;
        }
    }

    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    private static MemorySegment environ() {
        MemorySegment symbol = LIBC.find("environ").orElseThrow().reinterpret(ADDRESS.byteSize());
        return symbol.get(ADDRESS, 0);
    }

    private static MethodHandle function(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError(name)),
                descriptor, options);
    }

    private static int check(String call, int result) {
        if (result < 0) {
            throw new IllegalStateException(call + " failed");
        }
        return result;
    }

    /** For the calls that return an error number instead of setting errno. */
    private static void checkZero(String call, int error) {
        if (error != 0) {
            throw new IllegalStateException(call + " failed: errno " + error);
        }
    }

    private static RuntimeException failed(Throwable e) {
        return switch (e) {
            case RuntimeException unchecked -> unchecked;
            case Error error -> throw error;
            default -> new IllegalStateException(e);
        };
    }

    // dup and write use invokeExact instead: this generic path spins extra method handle
    // adapters on first use, which a child writing to a file would pay for at every start.
    private static Object invoke(MethodHandle handle, Object... arguments) {
        try {
            return handle.invokeWithArguments(arguments);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
