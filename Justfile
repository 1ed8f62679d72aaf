# Recipes for the spiral study. `just --list` shows them all.

# Train the three spiral models with the default settings (about 20 minutes on 2 cores).
spiral *FLAGS:
    go run ./experiments/spiral {{FLAGS}}

# Regenerate the spiral figures from a short run into a scratch folder.
figures-quick:
    go run ./experiments/spiral -epochs 20 -out .tmp/quick

# Run the test suite, as CI does.
test:
    go test ./...

# Formatting, vet and tests: what .ci/run checks.
ci:
    ./.ci/run

# Train the liquid time-constant Neural ODE next to the Euler Neural ODE on the spirals (300 epochs each, about 2.5 minutes on 2 cores).
liquid *FLAGS:
    go run ./experiments/liquid {{FLAGS}}

# Train continuous normalizing flows on the spiral, moons and ring densities (about 2.5 minutes on 2 cores).
cnf *FLAGS:
    go run ./experiments/cnf {{FLAGS}}
