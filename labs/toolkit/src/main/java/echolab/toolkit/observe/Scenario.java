package echolab.toolkit.observe;

import java.io.IOException;
import java.util.List;

import echolab.core.ServerCommandLine;

/** One experiment, run once per column (a server kind with options), giving a fact per row. */
public interface Scenario {
    String name();

    /** The table's headline, e.g. {@code idle-clients: 3 idle clients connected}. */
    String title(Settings settings);

    /** The servers it is run against: by default every kind, with its default options, in the course's order. */
    default List<Column> columns(Settings settings) {
        return ServerCommandLine.kinds().stream().map(Column::of).toList();
    }

    List<Fact> observe(Column column, Rig rig, Settings settings) throws IOException, InterruptedException;
}
