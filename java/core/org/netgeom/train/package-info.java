/**
 * Training, the third step of the one-way import order
 * {@code data -> model -> training -> measurement -> experiments -> cli}: the mini-batch
 * {@link org.netgeom.train.Trainer} with the data resident on the backend, optimizers (SGD, Adam,
 * AdamW, as torch.optim) and learning-rate schedules, the {@link org.netgeom.train.StepObjective}
 * one step computes, the callbacks a run calls between steps, and evaluation. It imports
 * {@code nn}, {@code data} and {@code tensor}; the measurements that train or read what training
 * saved ({@code star}, {@code trajectory}) and the experiments sit above it.
 */
package org.netgeom.train;
