package org.netgeom.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.netgeom.io.HeapExhaustedException;
import org.netgeom.tensor.BackendUnavailableException;
import org.netgeom.tensor.InvalidInputException;

/**
 * The netgeom command line. Errors reach the user as one line on stderr: exit code 2 for input
 * they can fix (bad options, files, shapes, an unavailable backend they asked for), 1 for other
 * failures; {@code --verbose} adds the stack trace. Settings the library names by their fields
 * appear as the options the user typed ({@link OptionNames}).
 */
@Command(name = "netgeom", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Geometry of neural-network training on NVIDIA GPUs and CPUs.",
        subcommands = {TrainCommand.class, PredictCommand.class, EvalCommand.class, InfoCommand.class, WassersteinCommand.class,
                SymmetryCommand.class, SymmetryStudyCommand.class, BmdCommand.class, DoubleDescentCommand.class, RobustnessCommand.class, RobustnessStudyCommand.class,
                BenchCommand.class,
                BarrierCommand.class, AlignCommand.class, ZooCommand.class, StarlightCommand.class, StarStudyCommand.class,
                EmbedCommand.class, DistanceCommand.class, TrajectoriesCommand.class, ReproduceCommand.class, DescribeCommand.class,
                CommandLine.HelpCommand.class, picocli.AutoComplete.GenerateCompletion.class})
public final class Main {
    static final int EXIT_FAILURE = 1;
    static final int EXIT_BAD_INPUT = 2;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces on errors.")
    boolean verbose;

    /** Runs one command line and exits with its code; see {@link #run}. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        CommandLine commandLine = commandLine();
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli lets Errors through. The heap is exhausted, so free what the failed command
            // held (nothing refers to it now) before building the message.
            commandLine = null;
            PrintWriter err = new PrintWriter(System.err, true);
            err.println("netgeom: error: " + new HeapExhaustedException("out of memory (" + e.getMessage() + ")", 0).getMessage());
            if (Arrays.asList(args).contains("--verbose")) e.printStackTrace(err);
            return EXIT_FAILURE;
        }
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler(Main::handleExecutionException);
        commandLine.setParameterExceptionHandler(Main::handleParameterException);
        HelpSections.install(commandLine);
        return commandLine;
    }

    private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        String suggestion = e instanceof CommandLine.UnmatchedArgumentException unmatched ? suggestion(unmatched) : "";
        String path = commandPath(e.getCommandLine());
        err.println("netgeom: " + e.getMessage() + suggestion + " (see netgeom " + (path.isEmpty() ? "" : path + " ") + "--help)");
        return EXIT_BAD_INPUT;
    }

    /**
     * " Did you mean X?" for a mistyped command or option: picocli's candidates, closest first by
     * edit distance to what was typed, and only those within a third of its length.
     */
    private static String suggestion(CommandLine.UnmatchedArgumentException unmatched) {
        List<String> typed = unmatched.getUnmatched();
        if (typed.isEmpty() || unmatched.getSuggestions().isEmpty()) return "";
        String word = typed.getFirst().replaceFirst("=.*", "");
        int limit = Math.max(2, word.length() / 3);
        List<String> close = unmatched.getSuggestions().stream()
                .filter(candidate -> editDistance(word, candidate) <= limit)
                .sorted(Comparator.comparingInt((String candidate) -> editDistance(word, candidate)))
                .limit(2).toList();
        return close.isEmpty() ? "" : " Did you mean " + String.join(" or ", close) + "?";
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character each. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1], current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String commandPath(CommandLine commandLine) {
        String path = commandLine.getCommandSpec().qualifiedName(" ");
        return path.startsWith("netgeom") ? path.substring("netgeom".length()).trim() : path;
    }

    private static int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parse) {
        return reportError(e, commandLine, parse);
    }

    /**
     * Reports a command's failure as every command's is reported, for a command that stops on
     * it itself (reproduce): one line on stderr (the stack trace with --verbose); the exit code.
     */
    static int reportError(Exception e, CommandLine commandLine) {
        return reportError(e, commandLine, commandLine.getParseResult());
    }

    private static int reportError(Exception e, CommandLine commandLine, CommandLine.ParseResult parse) {
        PrintWriter err = commandLine.getErr();
        boolean badInput = e instanceof InvalidInputException || e instanceof BackendUnavailableException;
        // The library names settings by their fields; the user typed options (OptionNames).
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : OptionNames.message(e, commandLine.getCommandSpec());
        err.println("netgeom: " + (badInput ? "" : "error: ") + message.replace('\n', ' '));
        if (isVerbose(parse)) {
            e.printStackTrace(err);
        } else if (!badInput && !(e instanceof HeapExhaustedException)) {
            err.println("netgeom: run with --verbose for the stack trace");
        }
        err.flush();
        return badInput ? EXIT_BAD_INPUT : EXIT_FAILURE;
    }

    private static boolean isVerbose(CommandLine.ParseResult parse) {
        for (CommandLine.ParseResult p = parse; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) return true;
        }
        return false;
    }

    /** Version from the jar manifest (Implementation-Version), "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        static String version() {
            String v = Main.class.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }

        @Override
        public String[] getVersion() {
            return new String[] {"netgeom " + version(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
