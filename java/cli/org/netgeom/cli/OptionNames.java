package org.netgeom.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import org.netgeom.tensor.BackendUnavailableException;
import org.netgeom.tensor.InvalidInputException;

/**
 * The library names a bad setting by its field ({@link InvalidInputException#fields()}); the
 * user typed an option. This is the one place that says which option a field is: a field is
 * the command's option of the same name in kebab case ({@code trainSize} is {@code --train-size})
 * unless {@link #RENAMED} or {@link #BY_COMMAND} says otherwise.
 */
final class OptionNames {
    /** Fields whose option is not their kebab-case name (or that name an option of another command). */
    private static final Map<String, String> RENAMED = Map.ofEntries(
            Map.entry("learningRate", "--lr"),
            Map.entry("batchSize", "--batch"),
            Map.entry("logEverySteps", "--log-every"),
            Map.entry("initialization", "--init"),
            Map.entry("adversarialInit", "--init adversarial"),
            Map.entry("batchNorm", "--batch-norm"),
            Map.entry("factor", "--expand-input"),
            Map.entry("extraDims", "--expand-dims"),
            Map.entry("value", "--expand-value"),
            Map.entry("fill", "--expand-fill"),
            Map.entry("directory", "--data-dir"),
            Map.entry("trainInputs", "--inputs"),
            Map.entry("trainLabels", "--labels"),
            Map.entry("labelsFile", "--labels"),
            Map.entry("cudaBinding", "--cuda-binding"),
            Map.entry("cudaLibraryPath", "--cuda-lib-path"),
            Map.entry("deviceOrdinal", "--device"),
            Map.entry("start", "--star-init"),
            Map.entry("flipCounts", "--flips"),
            Map.entry("heldOutFiles", "--held-out"),
            Map.entry("bmdSamples", "--samples"),
            Map.entry("validation", "--validation-size"),
            Map.entry("hiddenWidth", "--width"),
            Map.entry("trainSnapshotSamples", "--snapshot-samples"),
            Map.entry("testSnapshotSamples", "--snapshot-samples"),
            Map.entry("firstSeed", "--seed"),
            Map.entry("figureFormat", "--format"),
            // bmd, eval and robustness have no --binarize: their messages point to train's.
            Map.entry("binarize", "--binarize"),
            Map.entry("folder", "--out"));

    /** Per command (its qualified name without "netgeom "), fields whose option differs from {@link #RENAMED}. */
    private static final Map<String, Map<String, String>> BY_COMMAND = Map.of(
            "zoo", Map.of("sources", "--count"));

    private OptionNames() {}

    /** The exception's message with every field it names written as {@code command}'s option. */
    static String message(Exception e, CommandLine.Model.CommandSpec command) {
        return switch (e) {
            case InvalidInputException invalid -> invalid.message(optionsOf(invalid.fields(), command));
            case BackendUnavailableException unavailable -> unavailable.message(optionsOf(unavailable.fields(), command));
            default -> e.getMessage();
        };
    }

    /** Field name to option name for {@code fields}; a field with no option in {@code command} is left out. */
    static Map<String, String> optionsOf(List<String> fields, CommandLine.Model.CommandSpec command) {
        Map<String, String> options = new HashMap<>();
        String commandName = command.qualifiedName(" ").replaceFirst("^netgeom ?", "");
        for (String field : fields) {
            String option = BY_COMMAND.getOrDefault(commandName, Map.of()).get(field);
            if (option == null) option = RENAMED.get(field);
            if (option == null && command.findOption("--" + kebabCase(field)) != null) option = "--" + kebabCase(field);
            if (option != null) options.put(field, option);
        }
        return options;
    }

    /** trainSize -> train-size; a name already in kebab case (a recorded setting) stays as it is. */
    static String kebabCase(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
