package echolab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class CliTest {
    private final Cli cli = new Cli("test", "[options]", "A command for tests.")
            .flag("verbose", "say more")
            .value("count", "N", "how many")
            .value("wait", "DURATION", "how long")
            .value("mode", "MODE", "fast or slow");

    @Test
    void readsAListOfChoicesInTheOrderGivenIgnoringSpacesAndEmptyItems() {
        var kinds = List.of("fast", "slow", "steady");
        assertEquals(kinds, cli.parse(new String[] {}).choices("mode", kinds, kinds));
        assertEquals(List.of("slow", "fast"), cli.parse(new String[] {"--mode", " slow, ,fast"}).choices("mode", kinds, kinds));
        var unknown = assertThrows(UsageException.class,
                () -> cli.parse(new String[] {"--mode", "slow,quick"}).choices("mode", kinds, kinds));
        assertEquals("--mode: no 'quick'; choose from fast, slow, steady", unknown.getMessage());
        var none = assertThrows(UsageException.class, () -> cli.parse(new String[] {"--mode", ","}).choices("mode", kinds, kinds));
        assertEquals("--mode needs at least one of fast, slow, steady", none.getMessage());
    }

    @Test
    void parsesDurationsWithEveryUnit() {
        assertEquals(Duration.ofMillis(250), Cli.duration("--wait", "250ms"));
        assertEquals(Duration.ofSeconds(10), Cli.duration("--wait", "10s"));
        assertEquals(Duration.ofMinutes(2), Cli.duration("--wait", "2m"));
        assertEquals(Duration.ofHours(1), Cli.duration("--wait", "1h"));
        assertEquals(Duration.ofSeconds(3), Cli.duration("--wait", "3S"));
        assertEquals(Duration.ZERO, Cli.duration("--wait", "0ms"));
    }

    @Test
    void refusesABareNumberWithAHintToAddAUnit() {
        for (String bare : List.of("200", "0", "5")) {
            var e = assertThrows(UsageException.class, () -> Cli.duration("--interval", bare));
            assertEquals("--interval takes a duration with a unit, e.g. 200ms or 5s, not '" + bare + "'", e.getMessage());
        }
    }

    @Test
    void refusesADurationItCannotReadNamingTheOptionAndTheValue() {
        for (String bad : List.of("", "-1s", "1.5s", "10 s", "ten", "5d", "s", "99999999999999999999s")) {
            var e = assertThrows(UsageException.class, () -> Cli.duration("--wait", bad));
            assertEquals("--wait takes a duration such as 500ms, 10s or 2m, not '" + bad + "'", e.getMessage());
        }
    }

    @Test
    void acceptsWholeNumbersWithinTheRangeIncludingItsEndsAndUnderscores() {
        assertEquals(1, Cli.integer("--count", "1", 1, 10));
        assertEquals(10, Cli.integer("--count", "10", 1, 10));
        assertEquals(10_000, Cli.integer("--count", "10_000", 1, 100_000));
    }

    @Test
    void refusesNumbersOutOfRangeOrNotNumbersWithAMessageThatSaysWhichAndWhy() {
        assertEquals("--count must be from 1 to 10, not 11",
                assertThrows(UsageException.class, () -> Cli.integer("--count", "11", 1, 10)).getMessage());
        assertEquals("--count must be from 1 to 10, not 0",
                assertThrows(UsageException.class, () -> Cli.integer("--count", "0", 1, 10)).getMessage());
        assertEquals("--count takes a whole number, not 'x'",
                assertThrows(UsageException.class, () -> Cli.integer("--count", "x", 1, 10)).getMessage());
        assertEquals("--count takes a whole number, not '99999999999'",
                assertThrows(UsageException.class, () -> Cli.integer("--count", "99999999999", 1, 10)).getMessage());
    }

    @Test
    void parsedValuesFallBackToDefaultsAndAreChecked() {
        var parsed = cli.parse(new String[] {"--count", "3", "--verbose", "rest"});
        assertEquals(3, parsed.integer("count", 1, 1, 5));
        assertEquals(Duration.ofSeconds(2), parsed.duration("wait", Duration.ofSeconds(2)));
        assertTrue(parsed.flag("verbose"));
        assertEquals("fast", parsed.choice("mode", "fast", List.of("fast", "slow")));
        assertEquals(List.of("rest"), parsed.arguments());
        assertThrows(UsageException.class, () -> parsed.integer("count", 1, 4, 5));
    }

    @Test
    void refusesAChoiceNotOfferedListingTheChoices() {
        var parsed = cli.parse(new String[] {"--mode", "medium"});
        var e = assertThrows(UsageException.class, () -> parsed.choice("mode", "fast", List.of("fast", "slow")));
        assertEquals("--mode must be one of fast, slow, not 'medium'", e.getMessage());
    }

    @Test
    void turnsAnUnknownOrIncompleteOptionIntoAUsageError() {
        var unknown = assertThrows(UsageException.class, () -> cli.parse(new String[] {"--nope"}));
        assertTrue(unknown.getMessage().contains("--nope"), unknown.getMessage());
        var missing = assertThrows(UsageException.class, () -> cli.parse(new String[] {"--count"}));
        assertTrue(missing.getMessage().contains("count"), missing.getMessage());
        assertFalse(cli.parse(new String[0]).flag("verbose"));
    }
}
