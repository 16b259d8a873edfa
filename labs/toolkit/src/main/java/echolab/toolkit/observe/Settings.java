package echolab.toolkit.observe;

/**
 * The knobs of a run.
 *
 * @param clients     clients per server in the small scenarios
 * @param connections idle connections in {@code many}
 * @param maxChildren the process server's {@code --max-children} in {@code many}
 * @param threads     the thread pool's size in {@code sleepers}
 */
public record Settings(int clients, int connections, int maxChildren, int threads) {
}
