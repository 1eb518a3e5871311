package org.netgeom.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.netgeom.io.OutputFolder;
import org.netgeom.tensor.InvalidInputException;

/**
 * The file format of a figure. A {@link ChartRenderer} writes the format that the target's
 * extension names; the experiments name their figures with {@link #fileName} from the format
 * in their settings, so a figure called {@code loss} is {@code loss.png} or {@code loss.svg}.
 * PNG is the default: it opens everywhere. SVG scales without blurring and keeps the legend,
 * tick labels and point labels as text.
 */
public enum FigureFormat {
    PNG, SVG;

    /** The file extension, without the dot: {@code png} or {@code svg}. */
    public String extension() { return name().toLowerCase(Locale.ROOT); }

    /** {@code stem} with this format's extension, e.g. {@code twin_peaks.svg}. */
    public String fileName(String stem) { return stem + "." + extension(); }

    /** "png" or "svg", in any case: a settings record's {@code figureFormat} as text. */
    public static FigureFormat parse(String text) {
        for (FigureFormat format : values()) if (format.extension().equalsIgnoreCase(text.trim())) return format;
        throw InvalidInputException.forField("figureFormat", "unknown {figureFormat} '" + text + "': use " + extensions());
    }

    /** The format a figure written to {@code target} has, by its extension (.png or .svg, in any case). */
    public static FigureFormat of(Path target) {
        String name = target.getFileName() == null ? "" : target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        for (FigureFormat format : values()) {
            if (dot >= 0 && format.extension().equalsIgnoreCase(name.substring(dot + 1))) return format;
        }
        throw new InvalidInputException("cannot tell the figure format of " + target + ": end its name in ."
                + String.join(" or .", extensions()));
    }

    /**
     * The names a figure called {@code stem} may have, one per format: what a run declares
     * among its results, so that a re-run in another format replaces the old figure.
     */
    public static List<String> fileNames(String stem) {
        return Arrays.stream(values()).map(format -> format.fileName(stem)).toList();
    }

    /**
     * Deletes the copies of {@code target} in the other formats (for {@code twin_peaks.svg}, a
     * {@code twin_peaks.png} beside it). A resumed sweep calls it when it redraws a figure in
     * another format than the earlier run's: the old copy would show fewer of the results. Like
     * every delete of results, only inside a folder a run holds ({@link OutputFolder#holds});
     * elsewhere (a library caller's own folder) nothing is deleted.
     */
    public static void removeOtherFormats(Path target) {
        FigureFormat written = of(target);
        String name = target.getFileName().toString();
        String stem = name.substring(0, name.lastIndexOf('.'));
        for (FigureFormat other : values()) {
            Path stale = target.resolveSibling(other.fileName(stem));
            if (other != written && Files.isRegularFile(stale) && OutputFolder.holds(stale)) OutputFolder.deleteTree(stale);
        }
    }

    private static List<String> extensions() {
        return Arrays.stream(values()).map(FigureFormat::extension).toList();
    }
}
