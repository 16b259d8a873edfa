package echolab.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.help.HelpFormatter;

/**
 * The edge of every echolab command: commons-cli parsing, {@code --help}, and the rule that a
 * bad flag or value ends with one line on standard error and exit status 2.
 */
public final class Cli {
    public static final int USAGE_ERROR = 2;
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+");

    private final String command;
    private final String synopsis;
    private final String summary;
    private final Options options = new Options();

    /**
     * @param command  the command as a user types it after {@code ./lab}, e.g. {@code server virtual}
     * @param synopsis what follows the command, e.g. {@code [options] HOST:PORT}
     * @param summary  one sentence saying what the command is for
     */
    public Cli(String command, String synopsis, String summary) {
        this.command = command;
        this.synopsis = synopsis;
        this.summary = summary;
        options.addOption(Option.builder("h").longOpt("help").desc("show this help and exit").get());
    }

    public Cli flag(String name, String description) {
        options.addOption(Option.builder().longOpt(name).desc(description).get());
        return this;
    }

    public Cli value(String name, String argName, String description) {
        options.addOption(Option.builder().longOpt(name).hasArg().argName(argName).desc(description).get());
        return this;
    }

    /** Parses {@code args}, printing help and exiting 0 on {@code --help}. */
    public Parsed parse(String[] args) {
        try {
            CommandLine line = new DefaultParser().parse(options, args);
            if (line.hasOption("help")) {
                printHelp();
                System.exit(0);
            }
            return new Parsed(line);
        } catch (ParseException e) {
            throw new UsageException(e.getMessage());
        }
    }

    public void printHelp() {
        try {
            HelpFormatter.builder().setShowSince(false).get()
                    .printHelp("./lab " + command + " " + synopsis, summary, options, "", false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a command's body, turning a {@link UsageException} into the one-line error and exit
     * status 2 that every echolab command promises.
     */
    public static void run(String command, String[] args, Body body) {
        try {
            body.run(args);
        } catch (UsageException e) {
            System.out.flush();
            System.err.println("lab " + command + ": " + e.getMessage() + " (see ./lab " + command + " --help)");
            System.exit(USAGE_ERROR);
        } catch (IOException e) {
            System.out.flush();
            System.err.println("lab " + command + ": " + describe(e));
            System.exit(1);
        }
    }

    /**
     * An I/O error as a line a student can act on: the JDK's file errors carry only the path in
     * their message ("lab-logs/students/me.md"), so the reason is added ("permission denied").
     */
    public static String describe(IOException e) {
        return switch (e) {
            case java.nio.file.AccessDeniedException denied -> denied.getFile() + ": permission denied"
                    + (denied.getReason() != null ? " (" + denied.getReason() + ")" : "");
            case java.nio.file.NoSuchFileException missing -> missing.getFile() + ": no such file or folder";
            case java.nio.file.FileAlreadyExistsException exists -> exists.getFile() + ": already exists";
            case java.nio.file.FileSystemException other when other.getReason() != null ->
                    other.getFile() + ": " + other.getReason();
            default -> e.getMessage();
        };
    }

    /** A command's body: may fail with a usage error (exit 2) or an I/O error (exit 1). */
    @FunctionalInterface
    public interface Body {
        void run(String[] args) throws IOException;
    }

    /** Parsed values, converted and range-checked with messages a student can act on. */
    public static final class Parsed {
        private final CommandLine line;

        Parsed(CommandLine line) {
            this.line = line;
        }

        public boolean flag(String name) {
            return line.hasOption(name);
        }

        public String text(String name, String defaultValue) {
            return line.getOptionValue(name, defaultValue);
        }

        public java.util.List<String> arguments() {
            return line.getArgList();
        }

        public int integer(String name, int defaultValue, int min, int max) {
            String raw = line.getOptionValue(name);
            if (raw == null) {
                return defaultValue;
            }
            return Cli.integer("--" + name, raw, min, max);
        }

        public Duration duration(String name, Duration defaultValue) {
            String raw = line.getOptionValue(name);
            return raw == null ? defaultValue : Cli.duration("--" + name, raw);
        }

        public String choice(String name, String defaultValue, java.util.List<String> choices) {
            String value = line.getOptionValue(name, defaultValue);
            if (!choices.contains(value)) {
                throw new UsageException("--" + name + " must be one of " + String.join(", ", choices)
                        + ", not '" + value + "'");
            }
            return value;
        }

        /**
         * A comma-separated list of {@code choices} (spaces and empty items ignored, at least
         * one), in the order given; {@code defaultValue} when the option is absent.
         */
        public java.util.List<String> choices(String name, java.util.List<String> defaultValue,
                                              java.util.List<String> choices) {
            String raw = line.getOptionValue(name);
            if (raw == null) {
                return defaultValue;
            }
            var chosen = java.util.Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            for (String value : chosen) {
                if (!choices.contains(value)) {
                    throw new UsageException("--" + name + ": no '" + value + "'; choose from " + String.join(", ", choices));
                }
            }
            if (chosen.isEmpty()) {
                throw new UsageException("--" + name + " needs at least one of " + String.join(", ", choices));
            }
            return chosen;
        }
    }

    public static int integer(String what, String raw, int min, int max) {
        try {
            int value = Integer.parseInt(raw.replace("_", ""));
            if (value < min || value > max) {
                throw new UsageException(what + " must be from " + min + " to " + max + ", not " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(what + " takes a whole number, not '" + raw + "'");
        }
    }

    /**
     * Parses {@code 250ms}, {@code 10s}, {@code 2m}, {@code 1h}. A bare number is refused: one
     * tool read it as seconds and another as milliseconds, and a student cannot tell which.
     */
    public static Duration duration(String what, String raw) {
        String text = raw.toLowerCase(Locale.ROOT);
        if (BARE_NUMBER.matcher(text).matches()) {
            throw new UsageException(what + " takes a duration with a unit, e.g. 200ms or 5s, not '" + raw + "'");
        }
        var matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            throw new UsageException(what + " takes a duration such as 500ms, 10s or 2m, not '" + raw + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }
}
