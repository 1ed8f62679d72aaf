// Package spiralmodel provides trained spiral models to the programs that
// study them, such as trajectories and boundaries. It loads the checkpoints
// that the spiral program writes. When a checkpoint is missing or does not
// match the architecture, it trains that model with the spiral program's
// default settings and saves the checkpoint. It also evaluates models on
// many points: class probabilities and the hidden state at every solver
// step.
package spiralmodel
