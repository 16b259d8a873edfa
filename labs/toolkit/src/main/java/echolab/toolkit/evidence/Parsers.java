package echolab.toolkit.evidence;

import java.util.List;
import java.util.Optional;

/** The parsers of every tool output a lab log holds, looked up by the command that printed it or by the tool's name. */
public final class Parsers {
    private final List<ToolParser> parsers;

    public Parsers(List<ToolParser> parsers) {
        this.parsers = List.copyOf(parsers);
    }

    /** Every parser echolab has: the one place a new tool's parser is registered. */
    public static Parsers standard() {
        return new Parsers(List.of(
                new PsParser(),
                new SocketsParser(),
                new ServerParser(),
                new RepliesParser(),
                JsonLinesParser.load(),
                new ObserveParser(),
                JsonLinesParser.halfclose(),
                new TcpdumpParser(),
                new StraceSummaryParser(),
                new CaptureReportParser(),
                new TraceReportParser(),
                new DumpParser()
        ));
    }

    /** The parser of what {@code commandLine} prints, if echolab knows the tool. */
    public Optional<ToolParser> forCommand(String commandLine) {
        return parsers.stream().filter(p -> p.reads(commandLine)).findFirst();
    }

    /** The parser a rubric names by its tool, as in {@code ps(...)}. */
    public Optional<ToolParser> forTool(String tool) {
        return parsers.stream().filter(p -> p.tool().equals(tool)).findFirst();
    }

    public List<String> tools() {
        return parsers.stream().map(ToolParser::tool).toList();
    }
}
