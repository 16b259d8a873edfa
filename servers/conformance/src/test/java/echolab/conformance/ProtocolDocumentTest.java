package echolab.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The repository's PROTOCOL.md is what a student reads, so it is kept true here: the commands
 * its tables name are exactly those every server lists in {@code help}, and the error replies
 * it quotes are the ones the servers send.
 */
@Timeout(60)
class ProtocolDocumentTest {
    private static final SharedServers servers = new SharedServers();
    /** A table row's first cell: the request, its command words in backquotes. */
    private static final Pattern ROW = Pattern.compile("^\\| (`[^|]+) \\|");
    private static final Pattern COMMAND_WORD = Pattern.compile("`([a-z]+)[^`]*`");
    private static String document;

    @BeforeAll
    static void readDocument() throws IOException {
        document = Files.readString(protocolDocument(), StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    @Test
    void withoutFaultsHelpNamesExactlyTheCommandsOfTheRequestsTable() throws Exception {
        try (var client = LineClient.connect(servers.of(Variant.THREADPOOL).port())) {
            assertEquals(commandsIn("## Requests and replies"), helpNames(client.request("help")));
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void withFaultsEveryServerKnowsExactlyTheDocumentedCommands(Variant variant) throws Exception {
        var documented = new LinkedHashSet<>(commandsIn("## Requests and replies"));
        documented.addAll(commandsIn("## Fault commands"));
        try (var client = LineClient.connect(servers.of(variant, "--faults").port())) {
            assertEquals(documented, helpNames(client.request("help")));
        }
    }

    @Test
    void theErrorRepliesItQuotesAreTheOnesTheServersSend() throws Exception {
        try (var client = LineClient.connect(servers.of(Variant.THREADPOOL).port())) {
            for (String bad : List.of("sleep x", "spin 10001", "stream -1")) {
                String reply = client.request(bad);
                assertTrue(reply.startsWith("ERR "), bad + " -> " + reply);
                assertTrue(document.contains("`" + reply + "`"), "PROTOCOL.md quotes '" + reply + "' (the reply to " + bad + ")");
            }
        }
    }

    /** The command words in the first column of the table under {@code heading}, in order. */
    private static Set<String> commandsIn(String heading) {
        int start = document.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, "PROTOCOL.md has a section " + heading);
        int end = document.indexOf("\n## ", start + heading.length() + 1);
        String section = document.substring(start, end < 0 ? document.length() : end);
        var names = new LinkedHashSet<String>();
        for (String line : section.lines().toList()) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                Matcher word = COMMAND_WORD.matcher(row.group(1));
                while (word.find()) {
                    names.add(word.group(1));
                }
            }
        }
        assertTrue(!names.isEmpty(), "a table of commands under " + heading + ": " + names);
        return names;
    }

    private static Set<String> helpNames(String help) {
        assertTrue(help.startsWith("commands: "), help);
        return new LinkedHashSet<>(Arrays.asList(help.substring("commands: ".length()).split(" ")));
    }

    /** PROTOCOL.md at the repository's root, found from the module the tests run in. */
    private static Path protocolDocument() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("PROTOCOL.md");
            if (Files.isRegularFile(candidate) && Files.exists(dir.resolve("mvnw"))) {
                return candidate;
            }
        }
        throw new AssertionError("no PROTOCOL.md above " + Path.of("").toAbsolutePath());
    }
}
