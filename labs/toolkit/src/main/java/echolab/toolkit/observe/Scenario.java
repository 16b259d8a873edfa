package echolab.toolkit.observe;

import java.io.IOException;
import java.util.List;

/** One experiment, run once per column (a server kind with options), giving a fact per row. */
public interface Scenario {
    String name();

    /** The table's headline, e.g. {@code idle-clients: 3 idle clients connected}. */
    String title(Settings settings);

    List<Column> columns(Settings settings);

    List<Fact> observe(Column column, Rig rig, Settings settings) throws IOException, InterruptedException;
}
