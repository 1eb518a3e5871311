/**
 * Star-domain measurements (Sonthalia, Rubinstein, Abbasnejad, Oh, arXiv:2403.07968): loss and
 * error barriers along linear interpolation, permutation alignment by weight matching (exact linear
 * assignment), Starlight, which trains a star model against fixed source models, the evaluation on
 * held-out models, and averaging over the star domain. Definitions as implemented:
 * docs/methods/star.md. In the one-way import order
 * {@code data -> model -> training -> measurement -> experiments -> cli} it imports {@code train}
 * (Starlight trains with the ordinary Trainer, barriers evaluate with its Evaluator), {@code nn},
 * {@code data} and {@code tensor}, never another measurement; {@code experiments} and the CLI call
 * it.
 */
package org.netgeom.star;
