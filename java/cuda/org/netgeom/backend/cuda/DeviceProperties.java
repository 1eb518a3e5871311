package org.netgeom.backend.cuda;

/** What netgeom info reports about a GPU. */
public record DeviceProperties(int ordinal, String name, int computeMajor, int computeMinor, long totalMemoryBytes,
                               int multiprocessors, int driverVersion) {
    public String computeCapability() { return computeMajor + "." + computeMinor; }
}
