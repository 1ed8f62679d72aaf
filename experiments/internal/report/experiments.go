package report

// Experiment is one program under experiments/ that the report covers.
type Experiment struct {
	Name string
	// Upstream lists experiments whose outputs this one reads, such as the
	// checkpoints of spiral. A newer upstream result makes this one stale.
	Upstream []string
	// JSON names the results file without its extension when it differs
	// from Name: the speed program writes one file per build.
	JSON string
	// Manual experiments are rendered from their JSON but never run by the
	// report: timings need a quiet machine, another build tag and, for the
	// PyTorch comparison, a reference installed by hand.
	Manual bool
}

// JSONName returns the base name of the experiment's results file.
func (e Experiment) JSONName() string {
	if e.JSON != "" {
		return e.JSON
	}
	return e.Name
}

// Experiments are the report's experiments in the order they run and
// appear.
var Experiments = []Experiment{
	{Name: "spiral"},
	{Name: "trajectories", Upstream: []string{"spiral"}},
	{Name: "boundaries", Upstream: []string{"spiral"}},
	{Name: "memory"},
	{Name: "liquid"},
	{Name: "cnf"},
	{Name: "speed", JSON: "speed-default", Manual: true},
	{Name: "speed", JSON: "speed-openblas", Manual: true},
}

// CodePaths returns the files and folders, relative to the module root, that
// the results of experiment name depend on.
func CodePaths(name string) []string {
	return []string{"experiments/" + name, "experiments/internal", "graphs", "plots", "go.mod", "go.sum"}
}
