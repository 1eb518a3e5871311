package org.netgeom.panama;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Links a library's functions on first use, as jextract's generated code does, so that the
 * binding classes load on machines without the library and only a call reports its absence.
 */
public final class NativeSymbols {
    private final SymbolLookup lookup;
    private final String libraryName;
    private final ConcurrentHashMap<String, MethodHandle> handles = new ConcurrentHashMap<>();

    public NativeSymbols(SymbolLookup lookup, String libraryName) {
        this.lookup = lookup;
        this.libraryName = libraryName;
    }

    public String libraryName() { return libraryName; }

    /** The downcall handle of {@code name}; a missing symbol is an UnsatisfiedLinkError naming it and the library. */
    public MethodHandle handle(String name, FunctionDescriptor descriptor) {
        return handles.computeIfAbsent(name, key -> {
            MemorySegment address = lookup.find(key).orElseThrow(() -> new UnsatisfiedLinkError(
                    "symbol " + key + " not found in " + libraryName + " (library too old for netgeom?)"));
            return Linker.nativeLinker().downcallHandle(address, descriptor);
        });
    }

    /** True when the library exports {@code name} (for functions that are optional across versions). */
    public boolean has(String name) { return lookup.find(name).isPresent(); }
}
