package org.netgeom.bmd;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A boolean mean dimension estimate (docs/methods/bmd.md, Definition and Monte Carlo estimator):
 * BMD = totalInfluence / variance, its standard error (0 for the exact estimator), and the
 * per-input influences Inf_i whose sum is the total influence. {@code bmd} is NaN when the variance
 * is 0 (a constant function has no mean dimension).
 */
public record BmdResult(double bmd, double stderr, double variance, double totalInfluence, long samples,
                        String distribution, double[] influence) {

    public BmdResult {
        influence = influence.clone();
    }

    @Override public double[] influence() { return influence.clone(); }

    /** False for a constant function (variance 0), whose BMD is undefined. */
    public boolean isDefined() { return variance > 0 && Double.isFinite(bmd); }

    /**
     * Inf_i / Var, the pixel-wise map of docs/methods/bmd.md, Outputs (NaN everywhere when
     * undefined).
     */
    public double[] normalizedInfluence() {
        double[] map = new double[influence.length];
        for (int i = 0; i < map.length; i++) map[i] = variance > 0 ? influence[i] / variance : Double.NaN;
        return map;
    }

    /**
     * False for the {@code data-reflect} distribution: its I / Var is a sensitivity index, reported
     * as {@code reflection_sensitivity}, never as a BMD.
     */
    public boolean isMeanDimension() { return !distribution.equals(InputDistribution.REFLECTION_NAME); }

    /** What the number is called in outputs: "bmd", or "reflection_sensitivity" for data-reflect. */
    public String measureName() { return isMeanDimension() ? "bmd" : "reflection_sensitivity"; }

    /**
     * The JSON form with the keys of docs/methods/bmd.md, Outputs; under data-reflect the ratio's
     * key is {@code reflection_sensitivity} instead of {@code bmd}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(measureName(), bmd);
        m.put("stderr", stderr);
        m.put("variance", variance);
        m.put("total_influence", totalInfluence);
        m.put("samples", samples);
        m.put("distribution", distribution);
        m.put("influence", influence.clone());
        return m;
    }
}
