/**
 * The ground floor of netgeom: the host {@link org.netgeom.tensor.Matrix}, the device-resident
 * {@link org.netgeom.tensor.DeviceMatrix}, the {@link org.netgeom.tensor.Backend} through which all
 * memory and arithmetic of training and the measurements go (with the capabilities a backend may
 * add, such as {@link org.netgeom.tensor.ImageOps}), {@link org.netgeom.tensor.MemoryScope} for
 * releasing device memory, the counter-based {@link org.netgeom.tensor.Philox} generator behind
 * every random number, the activations and their float64 reference arithmetic, and the exceptions
 * every layer shares ({@link org.netgeom.tensor.InvalidInputException} and its kin). In the one-way
 * import order {@code data -> model -> training -> measurement -> experiments -> cli} it sits at
 * the bottom with {@code io}: it imports no other netgeom package, and every package may import it.
 */
package org.netgeom.tensor;
