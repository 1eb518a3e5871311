package org.netgeom.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --help} lists a command's options in groups instead of one alphabetical list: its own
 * options first, then one section per shared mixin (Data, Model, Training, ...), then Backend,
 * Figures, Output and General. A mixin's section is named by its class ({@link #MIXIN_SECTIONS}); a
 * command's own options go to Output or General by name, the rest to Options. Only the help
 * text changes: parsing, defaults and run.json's config are the same.
 */
final class HelpSections {
    static final String OPTIONS = "Options", OUTPUT = "Output", GENERAL = "General";

    /** The section of each shared option class. */
    private static final Map<Class<?>, String> MIXIN_SECTIONS = Map.of(
            DataArguments.class, "Data",
            ModelArguments.class, "Model",
            PlainModelArguments.class, "Model",
            OptimizationArguments.class, "Training",
            TrainingArguments.class, "Training",
            StarlightArguments.class, "Starlight",
            PredictionArguments.class, "Predictions",
            BackendArguments.class, "Backend",
            FigureArguments.class, "Figures");

    /** Sections in the order they are printed. */
    private static final List<String> ORDER = List.of(OPTIONS, "Data", "Model", "Training", "Starlight", "Predictions", "Backend",
            "Figures", OUTPUT, GENERAL);

    private static final Set<String> OUTPUT_OPTIONS = Set.of("--out", "--json", "--progress", "--overwrite");
    private static final Set<String> GENERAL_OPTIONS = Set.of("--help", "--version", "--verbose");

    private HelpSections() {}

    /** Renders the option list of {@code commandLine} and all its subcommands in sections. */
    static void install(CommandLine commandLine) {
        commandLine.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpSections::optionList);
        for (CommandLine subcommand : commandLine.getSubcommands().values()) install(subcommand);
    }

    /** Each section's heading ("Data:") and its options as picocli lays them out. */
    static String optionList(CommandLine.Help help) {
        StringBuilder text = new StringBuilder();
        sections(help.commandSpec()).forEach((heading, options) -> {
            if (options.isEmpty()) return;
            text.append(help.createHeading("%n" + heading + ":%n")).append(help.optionListExcludingGroups(options));
        });
        return text.toString();
    }

    /** The visible options of {@code command} by section, in {@link #ORDER}. */
    static Map<String, List<OptionSpec>> sections(CommandSpec command) {
        Map<String, String> mixed = new HashMap<>(); // option name to its mixin's section
        for (CommandSpec mixin : command.mixins().values()) {
            String section = MIXIN_SECTIONS.get(mixin.userObject().getClass());
            if (section != null) for (OptionSpec option : mixin.options()) mixed.put(option.longestName(), section);
        }
        Map<String, List<OptionSpec>> sections = new LinkedHashMap<>();
        for (String heading : ORDER) sections.put(heading, new ArrayList<>());
        for (OptionSpec option : command.options()) {
            if (option.hidden()) continue;
            sections.get(mixed.getOrDefault(option.longestName(), ownSection(option))).add(option);
        }
        return sections;
    }

    private static String ownSection(OptionSpec option) {
        String name = option.longestName();
        if (OUTPUT_OPTIONS.contains(name)) return OUTPUT;
        if (GENERAL_OPTIONS.contains(name)) return GENERAL;
        return OPTIONS;
    }
}
