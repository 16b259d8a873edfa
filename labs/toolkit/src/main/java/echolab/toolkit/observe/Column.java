package echolab.toolkit.observe;

import java.util.List;

/** One column of a scenario's table: a server kind started with some options. */
public record Column(String label, String kind, List<String> args) {
    public Column {
        args = List.copyOf(args);
    }

    public static Column of(String kind, String... args) {
        return new Column(args.length == 0 ? kind : kind + " " + String.join(" ", args), kind, List.of(args));
    }

    public Column labelled(String newLabel) {
        return new Column(newLabel, kind, args);
    }
}
