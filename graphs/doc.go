// Package graphs builds continuous-depth classifiers as Gorgonia expression
// graphs.
//
// A Neural ODE replaces a stack of residual layers by an initial value
// problem: a lift maps the input x to h(0), a learned vector field, the
// dynamics f(t, h; θ), moves h from t = 0 to t = 1, and a head classifies
// h(1). This package unrolls the integration in the graph. Every solver step
// adds its stage nodes to the graph, and all of them read the same weight
// nodes, so reverse-mode differentiation of the graph backpropagates through
// the solver and sums the gradient of θ over the steps.
//
// The pieces, each in a file of its own:
//
//   - Param and Builder: parameter tensors and the graph they are bound to.
//     Several graphs can share one set of parameter tensors, for example a
//     training graph and an evaluation graph of another batch size.
//   - Linear and MLP: dense layers initialised as PyTorch's nn.Linear.
//   - Dynamics: the interface a vector field implements to plug into the
//     solvers. MLPDynamics is the time-dependent MLP of the spiral study.
//   - Tableau: an explicit Runge-Kutta method as data (its Butcher tableau
//     and its order). Euler, Midpoint, Heun and RK4 are tableaus, and
//     Integrate unrolls any of them for a fixed number of steps.
//   - ODEClassifier and ResNet: the two model families of the study.
//   - Program: one compiled graph with its loss and gradients, reused for every
//     batch, and Adam, the optimizer that updates the shared parameters.
//     ParallelProgram runs one replica of the graph per core on slices of
//     each batch and sums their gradients.
//   - Fused ops (op_dense.go, op_lincomb.go): a dense layer with its
//     activation, and the linear combinations of a Runge-Kutta step, each
//     one node with its own gradient ops and reused output buffers. In
//     float32 the bias and tanh of a layer, the tanh derivative and the
//     Adam update each take one AVX2 pass (graphs/internal/vecmath).
//     Builder.Stock builds the same graph from Gorgonia's stock ops.
//   - AdjointProgram: gradients by the adjoint method, which solves the
//     augmented system backwards in time with memory independent of the
//     number of steps.
//   - Checkpoint: a binary format for trained parameters with shape checks.
//   - LiquidDynamics and LiquidClassifier: liquid time-constant dynamics,
//     dh/dt = −[1/τ + g(h, t)] ⊙ h + g(h, t) ⊙ A, as a second Dynamics that
//     plugs into the same solvers and trainer.
//   - CNFDynamics, Flow and FlowProgram: a continuous normalizing flow whose
//     state [z, log p] carries the exact trace of the velocity's Jacobian,
//     trained by maximum likelihood with its own loss graph.
//   - PathRecorder: the hidden state after every solver step, copied during
//     the run because the tape machine reuses the memory of finished nodes.
//
// The dtype of a model (tensor.Float32 for training, tensor.Float64 for
// gradient checks) is chosen when its parameters are created.
//
// Importing the package selects the BLAS for Gorgonia: the AVX2 Sgemm of
// graphs/internal/fastblas in the default build, OpenBLAS through cgo with
// the openblas build tag. BLASName reports which.
package graphs
