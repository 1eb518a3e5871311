package org.netgeom.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.netgeom.tensor.InvalidInputException;

/**
 * The content of a safetensors file: tensors by name, in the order of the file's header, and
 * the string-to-string {@code __metadata__} (netgeom records provenance there).
 */
public record SafeTensorsFile(Map<String, SafeTensor> tensors, Map<String, String> metadata) {

    public SafeTensorsFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    /** The tensor called {@code name}; a missing one is an error listing the names there are. */
    public SafeTensor tensor(String name) {
        SafeTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new InvalidInputException("no tensor '" + name + "' in the safetensors file; it has "
                    + (tensors.isEmpty() ? "none" : String.join(", ", tensors.keySet())));
        }
        return tensor;
    }
}
