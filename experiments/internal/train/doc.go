// Package train runs the training loop shared by the experiments: epochs of
// shuffled mini-batches, Adam with cosine annealing of the learning rate, a
// divergence check on every batch, and progress on a terminal.
package train
