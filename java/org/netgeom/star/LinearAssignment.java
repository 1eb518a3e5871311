package org.netgeom.star;

import java.util.Arrays;
import org.netgeom.tensor.InvalidInputException;

/**
 * Exact square linear assignment: the permutation p maximizing (or minimizing) sum_i C[i][p[i]],
 * by shortest augmenting paths with row and column potentials (the Hungarian method in the
 * Jonker-Volgenant form, O(n^3)). Weight matching (spec star.md section 2) calls it once per
 * hidden layer and round.
 */
public final class LinearAssignment {
    private LinearAssignment() {}

    /** p with p[row] = column, maximizing the total score. */
    public static int[] maximize(double[][] score) {
        int n = requireSquare(score);
        double[][] cost = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) cost[i][j] = -score[i][j];
        return minimize(cost);
    }

    /** p with p[row] = column, minimizing the total cost. */
    public static int[] minimize(double[][] cost) {
        int n = requireSquare(cost);
        // 1-based arrays: index 0 is the virtual column that starts each augmenting path.
        double[] rowPotential = new double[n + 1], columnPotential = new double[n + 1];
        int[] rowOfColumn = new int[n + 1], previousColumn = new int[n + 1];
        double[] slack = new double[n + 1];
        boolean[] visited = new boolean[n + 1];
        for (int row = 1; row <= n; row++) {
            rowOfColumn[0] = row;
            int column = 0;
            Arrays.fill(slack, Double.POSITIVE_INFINITY);
            Arrays.fill(visited, false);
            do {
                visited[column] = true;
                int currentRow = rowOfColumn[column], nextColumn = -1;
                double delta = Double.POSITIVE_INFINITY;
                for (int j = 1; j <= n; j++) {
                    if (visited[j]) continue;
                    double reduced = cost[currentRow - 1][j - 1] - rowPotential[currentRow] - columnPotential[j];
                    if (reduced < slack[j]) {
                        slack[j] = reduced;
                        previousColumn[j] = column;
                    }
                    if (slack[j] < delta) {
                        delta = slack[j];
                        nextColumn = j;
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (visited[j]) {
                        rowPotential[rowOfColumn[j]] += delta;
                        columnPotential[j] -= delta;
                    } else {
                        slack[j] -= delta;
                    }
                }
                column = nextColumn;
            } while (rowOfColumn[column] != 0);
            do {
                int previous = previousColumn[column];
                rowOfColumn[column] = rowOfColumn[previous];
                column = previous;
            } while (column != 0);
        }
        int[] assignment = new int[n];
        for (int j = 1; j <= n; j++) assignment[rowOfColumn[j] - 1] = j - 1;
        return assignment;
    }

    private static int requireSquare(double[][] matrix) {
        int n = matrix.length;
        for (int i = 0; i < n; i++) {
            if (matrix[i].length != n) {
                throw new InvalidInputException("linear assignment needs a square matrix; row " + i + " has "
                        + matrix[i].length + " entries, there are " + n + " rows");
            }
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(matrix[i][j])) {
                    throw new InvalidInputException("linear assignment cost [" + i + "][" + j + "] is " + matrix[i][j]
                            + "; every entry must be finite (check the models for NaN weights)");
                }
            }
        }
        return n;
    }
}
