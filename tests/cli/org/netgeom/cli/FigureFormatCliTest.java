package org.netgeom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.io.CsvTable;
import org.netgeom.io.OutputFolder;

/** --format png|svg: which figures a command writes, and that a change of format never leaves an old figure behind. */
class FigureFormatCliTest {
    @TempDir Path dir;

    private static final List<String> TRAIN = List.of("train", "--data", "teacher:sign", "--input-dim", "8", "--train-size", "100",
            "--test-size", "50", "--model", "8-8-2", "--epochs", "1", "--batch", "32", "--backend", "cpu", "--progress", "quiet");

    @Test
    void trainWritesAnSvgFigureWithFormatSvgAndAPngOneByDefaultReplacingTheOther() throws Exception {
        Path out = dir.resolve("run");
        CliTest.Result svg = CliTest.run(arguments(TRAIN, "--out", out.toString(), "--format", "svg"));
        assertEquals(0, svg.exitCode(), svg.err());
        DocumentBuilderFactory xml = DocumentBuilderFactory.newDefaultInstance();
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // offline
        assertEquals("svg", xml.newDocumentBuilder().parse(out.resolve("loss.svg").toFile()).getDocumentElement().getTagName());
        assertFalse(Files.exists(out.resolve("loss.png")));

        CliTest.Result png = CliTest.run(arguments(TRAIN, "--out", out.toString()));
        assertEquals(0, png.exitCode(), png.err());
        assertTrue(Files.size(out.resolve("loss.png")) > 0, "PNG stays the default");
        assertFalse(Files.exists(out.resolve("loss.svg")), "the re-run's results replaced the earlier figure");
    }

    @Test
    void aSweepResumedInAnotherFormatReusesItsRowsAndRedrawsItsFigureOnly() throws IOException {
        Path out = dir.resolve("dd");
        List<String> sweep = List.of("double-descent", "--model", "rf", "--data", "teacher:sign", "--input-dim", "6",
                "--train-size", "20", "--test-size", "40", "--widths", "4,20", "--samples", "16", "--seeds", "1", "--backend", "cpu",
                "--progress", "quiet", "--out", out.toString());
        CliTest.Result first = CliTest.run(arguments(sweep));
        assertEquals(0, first.exitCode(), first.err());
        String rows = Files.readString(out.resolve("results.csv"));
        assertTrue(Files.exists(out.resolve("twin_peaks.png")));

        CliTest.Result resumed = CliTest.run(arguments(sweep, "--format", "svg"));
        assertEquals(0, resumed.exitCode(), "the format is not a setting: the folder's results are reused. " + resumed.err());
        assertEquals(rows, Files.readString(out.resolve("results.csv")), "no row was computed again");
        assertEquals(2, CsvTable.read(out.resolve("results.csv")).rowCount());
        assertTrue(Files.size(out.resolve("twin_peaks.svg")) > 0);
        assertFalse(Files.exists(out.resolve("twin_peaks.png")), "the earlier figure, drawn from fewer rows perhaps, is gone");
        assertFalse(Files.readString(out.resolve(OutputFolder.SETTINGS_FILE)).contains("format"), "not recorded as a setting");
    }

    @Test
    void anUnknownFormatIsBadInputNamingTheChoices() {
        CliTest.Result result = CliTest.run(arguments(TRAIN, "--out", dir.resolve("run").toString(), "--format", "jpg"));
        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.errLines().contains("unknown --format 'jpg'") && result.errLines().contains("png, svg"), result.errLines());
        assertFalse(Files.exists(dir.resolve("run").resolve("loss.png")));
    }

    private static String[] arguments(List<String> base, String... more) {
        List<String> all = new java.util.ArrayList<>(base);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
