package org.netgeom.star;

import java.util.Arrays;
import org.netgeom.tensor.InvalidInputException;

/**
 * Exact square linear assignment: the permutation p maximizing (or minimizing) sum_i C[i][p[i]],
 * by shortest augmenting paths with row and column potentials (the Hungarian method in the
 * Jonker-Volgenant form, O(n^3)); costs must be finite, so every path ends at a free column. Weight
 * matching (docs/methods/star.md) calls it once per hidden layer and round.
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
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) System.arraycopy(cost[i], 0, flat, i * n, n);
        return new ShortestAugmentingPaths(flat, n).solve();
    }

    /**
     * One shortest augmenting path per row (Dijkstra over the reduced costs, scanning only the
     * columns not yet reached), potentials updated once per path for the rows and columns it
     * reached: the Jonker-Volgenant form as Crouse describes it (IEEE TAES 2016), which is also
     * what scipy's linear_sum_assignment runs. O(n^3) in the worst case, far less on weight
     * matching's score matrices.
     */
    private static final class ShortestAugmentingPaths {
        private final double[] cost;
        private final int n;
        private final double[] rowPotential, columnPotential, shortest;
        private final int[] path, columnOfRow, rowOfColumn, remaining;
        private final boolean[] rowReached, columnReached;
        private double pathLength;

        ShortestAugmentingPaths(double[] cost, int n) {
            this.cost = cost;
            this.n = n;
            rowPotential = new double[n];
            columnPotential = new double[n];
            shortest = new double[n];
            path = new int[n];
            columnOfRow = new int[n];
            rowOfColumn = new int[n];
            remaining = new int[n];
            rowReached = new boolean[n];
            columnReached = new boolean[n];
        }

        int[] solve() {
            Arrays.fill(columnOfRow, -1);
            Arrays.fill(rowOfColumn, -1);
            for (int row = 0; row < n; row++) {
                int sink = shortestPath(row);
                rowPotential[row] += pathLength;
                for (int i = 0; i < n; i++) {
                    if (rowReached[i] && i != row) rowPotential[i] += pathLength - shortest[columnOfRow[i]];
                }
                for (int j = 0; j < n; j++) {
                    if (columnReached[j]) columnPotential[j] -= pathLength - shortest[j];
                }
                for (int j = sink; ; ) { // flip the path's assignments back to the start row
                    int i = path[j];
                    rowOfColumn[j] = i;
                    int previous = columnOfRow[i];
                    columnOfRow[i] = j;
                    j = previous;
                    if (i == row) break;
                }
            }
            return columnOfRow.clone();
        }

        /** The free column that ends the shortest augmenting path from {@code start}; leaves the reached rows and columns marked. */
        private int shortestPath(int start) {
            int left = n;
            for (int k = 0; k < n; k++) remaining[k] = n - k - 1;
            Arrays.fill(rowReached, false);
            Arrays.fill(columnReached, false);
            Arrays.fill(shortest, Double.POSITIVE_INFINITY);
            pathLength = 0;
            int row = start, sink = -1;
            while (sink == -1) {
                rowReached[row] = true;
                int best = -1;
                double lowest = Double.POSITIVE_INFINITY;
                int base = row * n;
                double offset = pathLength - rowPotential[row];
                for (int k = 0; k < left; k++) {
                    int j = remaining[k];
                    double reduced = offset + cost[base + j] - columnPotential[j];
                    if (reduced < shortest[j]) {
                        path[j] = row;
                        shortest[j] = reduced;
                    }
                    // Among equal lengths prefer a free column: the path ends sooner.
                    if (shortest[j] < lowest || (shortest[j] == lowest && rowOfColumn[j] == -1)) {
                        lowest = shortest[j];
                        best = k;
                    }
                }
                pathLength = lowest;
                int column = remaining[best];
                columnReached[column] = true;
                remaining[best] = remaining[--left];
                if (rowOfColumn[column] == -1) sink = column;
                else row = rowOfColumn[column];
            }
            return sink;
        }
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
