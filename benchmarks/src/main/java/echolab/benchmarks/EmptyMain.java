package echolab.benchmarks;

/** The program of {@code ConnectEchoClose}'s JVM floor: a JVM that starts, runs nothing and exits. */
public final class EmptyMain {
    private EmptyMain() {
    }

    public static void main(String[] args) {
        // Nothing: what is measured is the JVM's own start and exit.
    }
}
