package spiralmodel

import (
	"math/rand/v2"

	"github.com/neuralode/neuralode/experiments/internal/results"
	"github.com/neuralode/neuralode/graphs"
)

// SaveUntrained writes checkpoints of untrained models under out, with
// seed 0 in their provenance, so that tests of the programs can run
// without training. The output layer of each Neural ODE's dynamics, zero at
// initialisation, gets small random weights so that its states move.
func SaveUntrained(out string, names ...string) error {
	for _, name := range names {
		m, err := newModel(name, 0)
		if err != nil {
			return err
		}
		if ode, ok := m.(*graphs.ODEClassifier); ok {
			if dyn, ok := ode.Dynamics.(*graphs.MLPDynamics); ok {
				rng := rand.New(rand.NewPCG(1, 1))
				for _, p := range dyn.Net.Layers[len(dyn.Net.Layers)-1].Params() {
					values := make([]float64, p.Size())
					for i := range values {
						values[i] = 0.3 * rng.NormFloat64()
					}
					if err := p.SetFloat64s(values); err != nil {
						return err
					}
				}
			}
		}
		meta := map[string]string{"experiment": "test", "seed": "0", "epochs": "0"}
		if err := results.SaveCheckpoint(results.CheckpointPath(out, Experiment, name), m, Arch, meta); err != nil {
			return err
		}
	}
	return nil
}
