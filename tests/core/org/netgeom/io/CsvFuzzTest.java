package org.netgeom.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.netgeom.fuzz.ParserProperty;
import org.netgeom.tensor.InvalidInputException;

/** Results CSVs are read back by resumed sweeps, reports and merges, after any editor touched them. */
class CsvFuzzTest {
    /** Every cell becomes a String and a list slot: about a hundred bytes for a one-character field. */
    @FuzzTest
    void csvTextParsesOrIsRefused(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        ParserProperty.parsesOrRefuses(input.length, 128, () -> {
            CsvTable table = CsvTable.parse(text, "fuzz.csv");
            for (int row = 0; row < table.rowCount(); row++) {
                for (String column : table.header()) {
                    try {
                        table.doubleValue(row, column);
                    } catch (InvalidInputException textCell) {
                        // a cell that is not a number is refused cell by cell; go on to the next
                    }
                }
            }
        });
    }
}
