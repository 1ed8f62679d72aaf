package report

// Experiment is one program under experiments/ that the report covers.
type Experiment struct {
	Name string
	// Upstream lists experiments whose outputs this one reads, such as the
	// checkpoints of spiral. A newer upstream result makes this one stale.
	Upstream []string
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
}

// CodePaths returns the files and folders, relative to the module root, that
// the results of experiment name depend on.
func CodePaths(name string) []string {
	return []string{"experiments/" + name, "experiments/internal", "graphs", "plots", "go.mod", "go.sum"}
}
