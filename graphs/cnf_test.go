package graphs

import (
	"math"
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// randomCNF returns float64 CNF dynamics in 2-D with every parameter,
// including the zero-initialised output layer, drawn from U(-scale, scale).
func randomCNF(t *testing.T, seed uint64, hidden []int, scale float64) *CNFDynamics {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 3))
	c, err := NewCNFDynamics(rng, tensor.Float64, 2, hidden)
	if err != nil {
		t.Fatal(err)
	}
	randomize(c.Params(), rng, scale)
	return c
}

// fieldProgram binds c to a graph and adds one evaluation of f(t, ·) on an
// input state of the given rows.
type fieldProgram struct {
	state, out *G.Node
	vm         G.VM
}

func newFieldProgram(t *testing.T, c *CNFDynamics, time float64, rows int) *fieldProgram {
	t.Helper()
	b := NewBuilder(tensor.Float64)
	f, err := c.Bind(b)
	if err != nil {
		t.Fatal(err)
	}
	state := b.Input("state", rows, c.Dim())
	out, err := f(time, state)
	if err != nil {
		t.Fatal(err)
	}
	return &fieldProgram{state: state, out: out, vm: G.NewTapeMachine(b.Graph)}
}

func (p *fieldProgram) eval(t *testing.T, state []float64) []float64 {
	t.Helper()
	copy(p.state.Value().Data().([]float64), state)
	if err := p.vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	defer p.vm.Reset()
	return valueFloat64s(p.out.Value())
}

// TestCNFTraceMatchesFiniteDifferences checks both parts of the augmented
// field at random states: the velocity against the MLP applied to [z; t],
// and the in-graph −tr(∂v/∂z) against the trace of a central-difference
// Jacobian. ℓ is set to nonzero values, which must not change anything.
func TestCNFTraceMatchesFiniteDifferences(t *testing.T) {
	for _, hidden := range [][]int{{8}, {8, 8}, {6, 5, 7}} {
		c := randomCNF(t, uint64(len(hidden)), hidden, 0.8)
		const rows, time = 5, 0.37
		rng := rand.New(rand.NewPCG(9, 9))
		state := make([]float64, rows*3)
		for i := range state {
			state[i] = 2*rng.Float64() - 1
		}
		prog := newFieldProgram(t, c, time, rows)
		defer prog.vm.Close()
		out := prog.eval(t, state)

		// The velocity equals the MLP on [z; t].
		b := NewBuilder(tensor.Float64)
		zt := make([]float64, rows*3)
		for i := range rows {
			zt[3*i], zt[3*i+1], zt[3*i+2] = state[3*i], state[3*i+1], time
		}
		v, err := c.Net.Apply(b, matrixInput(b, "zt", rows, 3, zt))
		if err != nil {
			t.Fatal(err)
		}
		runGraph(t, b.Graph)
		want := valueFloat64s(v.Value())
		for i := range rows {
			for j := range 2 {
				if diff := math.Abs(out[3*i+j] - want[2*i+j]); diff > 1e-12 {
					t.Errorf("hidden %v row %d: v[%d] = %.12g, MLP on [z; t] gives %.12g", hidden, i, j, out[3*i+j], want[2*i+j])
				}
			}
		}

		const h = 1e-5
		for i := range rows {
			trace := 0.0
			for j := range 2 {
				plus := append([]float64(nil), state...)
				plus[3*i+j] += h
				minus := append([]float64(nil), state...)
				minus[3*i+j] -= h
				trace += (prog.eval(t, plus)[3*i+j] - prog.eval(t, minus)[3*i+j]) / (2 * h)
			}
			if got := -out[3*i+2]; math.Abs(got-trace) > 1e-8 {
				t.Errorf("hidden %v row %d: in-graph trace %.10g, finite-difference trace %.10g", hidden, i, got, trace)
			}
		}
	}
}

// TestCNFLinearFlowLogDensity uses identity activations, zero biases and a
// zero time row, so the velocity is v(z) = Bz with Bᵀ = W_z·W₂ and a constant
// trace. Every explicit tableau then integrates dℓ/dt = −tr(B) exactly:
// ℓ(t) = −t·tr(B) at every step, forward and backward in time.
func TestCNFLinearFlowLogDensity(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	net := NewMLP(rng, tensor.Float64, "linear", []int{3, 4, 2}, []Activation{Identity, Identity})
	for _, l := range net.Layers {
		l.B.SetFloat64s(make([]float64, l.B.Size()))
	}
	w1 := net.Layers[0].W.Value.Data().([]float64)
	for k := range 4 {
		w1[2*4+k] = 0 // the time row
	}
	w2 := net.Layers[1].W.Value.Data().([]float64)
	traceB := 0.0
	for j := range 2 {
		for k := range 4 {
			traceB += w1[j*4+k] * w2[k*2+j]
		}
	}
	if math.Abs(traceB) < 0.05 {
		t.Fatalf("tr(B) = %g is too small to show a sign error", traceB)
	}

	for _, tab := range []Tableau{Euler, RK4} {
		for _, span := range [][2]float64{{0, 0.8}, {1, 0}} {
			flow := &Flow{Dynamics: &CNFDynamics{Net: net}, Solver: Solver{Tableau: tab, Steps: 5, T0: span[0], T1: span[1]}}
			prog, err := CompileFlow(flow, flow.Solver, tensor.Float64, 4, false)
			if err != nil {
				t.Fatal(err)
			}
			points := []float64{0.3, -0.2, 1.5, 0.7, -1, -1} // 3 of 4 rows
			states, err := prog.MapPoints(points)
			prog.Close()
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range states {
				want := -(s.Time - span[0]) * traceB
				for i, got := range s.LogDensityChange {
					if math.Abs(got-want) > 1e-12 {
						t.Errorf("%s from t = %g: ℓ of point %d at t = %g is %.15g, want −Δt·tr(B) = %.15g", tab.Name, span[0], i, s.Time, got, want)
					}
				}
			}
		}
	}
}

// TestFlowLossIsMeanNLL checks the in-graph loss against the per-point log
// likelihoods computed in Go, on a batch smaller than the program's.
func TestFlowLossIsMeanNLL(t *testing.T) {
	flow := &Flow{Dynamics: randomCNF(t, 7, []int{8, 8}, 0.5), Solver: Solver{Tableau: Midpoint, Steps: 4, T0: 0, T1: 1}}
	prog, err := CompileFlow(flow, flow.Solver, tensor.Float64, 6, true)
	if err != nil {
		t.Fatal(err)
	}
	defer prog.Close()
	points := []float64{0.1, 0.2, -0.5, 1, 1.2, -0.3, 0, 0}
	if err := prog.Load(points); err != nil {
		t.Fatal(err)
	}
	if err := prog.Run(); err != nil {
		t.Fatal(err)
	}
	mean := 0.0
	for _, ll := range prog.LogLikelihoods() {
		mean -= ll / 4
	}
	if got := prog.Loss(); math.Abs(got-mean) > 1e-12 {
		t.Errorf("loss = %.15g, mean NLL of the 4 points = %.15g", got, mean)
	}
	if _, err := CompileFlow(flow, flow.Inverse(), tensor.Float64, 6, true); err == nil {
		t.Error("training program on the base-to-data solver accepted")
	}
}

// TestFlowGradientMatchesFiniteDifferences compares the gradient of the NLL,
// which runs through the closed-form trace, with central differences.
func TestFlowGradientMatchesFiniteDifferences(t *testing.T) {
	flow := &Flow{Dynamics: randomCNF(t, 8, []int{6, 6}, 0.7), Solver: Solver{Tableau: RK4, Steps: 3, T0: 0, T1: 1}}
	prog, err := CompileFlow(flow, flow.Solver, tensor.Float64, 5, true)
	if err != nil {
		t.Fatal(err)
	}
	defer prog.Close()
	rng := rand.New(rand.NewPCG(1, 8))
	points := StandardNormalSamples(rng, 4, 2)
	if err := prog.Load(points); err != nil {
		t.Fatal(err)
	}
	loss := func() float64 {
		if err := prog.Run(); err != nil {
			t.Fatal(err)
		}
		return prog.Loss()
	}
	loss()
	grads := make([][]float64, len(prog.Params))
	for i, g := range prog.grads {
		grads[i] = valueFloat64s(g.Value())
	}
	compareWithFiniteDifferences(t, prog.Params, grads, loss, firstMiddleLast)
}

// TestFlowDensityIntegratesToOne sums the model density of a random flow
// over a grid that holds nearly all of its mass.
func TestFlowDensityIntegratesToOne(t *testing.T) {
	flow := &Flow{Dynamics: randomCNF(t, 11, []int{16, 16}, 0.6), Solver: Solver{Tableau: RK4, Steps: 10, T0: 0, T1: 1}}
	grid := NewDensityGrid(-7, 7, -7, 7, 141)
	density, err := flow.Density(grid, tensor.Float64, 2000)
	if err != nil {
		t.Fatal(err)
	}
	mass := grid.Integrate(density)
	if math.Abs(mass-1) > 0.01 {
		t.Errorf("density integrates to %.5f over [-7, 7]², want 1 ± 0.01", mass)
	}
	// The flow must not be near the identity, or the check says little.
	base := make([]float64, len(density))
	for i := range base {
		x, y := grid.Point(i)
		base[i] = math.Exp(StandardNormalLogDensity([]float64{x, y}))
	}
	if dist := totalVariation(grid, density, base); dist < 0.05 {
		t.Errorf("total variation to the base density is %.3f, want a flow that moves mass (at least 0.05)", dist)
	}
}

func totalVariation(grid DensityGrid, p, q []float64) float64 {
	diff := make([]float64, len(p))
	for i := range p {
		diff[i] = math.Abs(p[i] - q[i])
	}
	return grid.Integrate(diff) / 2
}

// TestFlowRoundTripShrinksWithSteps maps points to the base and back with
// Euler steps: the round-trip error of a first-order method falls about
// linearly in the step size, and RK4's is far smaller.
func TestFlowRoundTripShrinksWithSteps(t *testing.T) {
	dyn := randomCNF(t, 12, []int{16, 16}, 0.8)
	points := StandardNormalSamples(rand.New(rand.NewPCG(3, 3)), 50, 2)
	errs := map[int]float64{}
	for _, steps := range []int{4, 16, 64} {
		flow := &Flow{Dynamics: dyn, Solver: Solver{Tableau: Euler, Steps: steps, T0: 0, T1: 1}}
		e, err := flow.RoundTripError(points, tensor.Float64, 64)
		if err != nil {
			t.Fatal(err)
		}
		errs[steps] = e
	}
	if !(errs[4] > 1e-3) {
		t.Fatalf("Euler round trip with 4 steps has error %.3g; the flow is too gentle to test", errs[4])
	}
	for _, pair := range [][2]int{{4, 16}, {16, 64}} {
		if ratio := errs[pair[0]] / errs[pair[1]]; ratio < 2.5 {
			t.Errorf("round-trip error %.3g at %d steps and %.3g at %d: ratio %.2f, want at least 2.5 (first order gives about 4)", errs[pair[0]], pair[0], errs[pair[1]], pair[1], ratio)
		}
	}
	rk4 := &Flow{Dynamics: dyn, Solver: Solver{Tableau: RK4, Steps: 16, T0: 0, T1: 1}}
	e, err := rk4.RoundTripError(points, tensor.Float64, 64)
	if err != nil {
		t.Fatal(err)
	}
	if e > errs[64]/100 {
		t.Errorf("RK4 round-trip error %.3g with 16 steps, want below 1%% of Euler's %.3g with 64", e, errs[64])
	}
}
