# Recipes for the spiral study. `just --list` shows them all.

# Train the three spiral models with the default settings (about 20 minutes on 2 cores).
spiral *FLAGS:
    go run ./experiments/spiral {{FLAGS}}

# Trajectories of the Neural ODEs in principal components and a linear probe per time.
trajectories *FLAGS:
    go run ./experiments/trajectories {{FLAGS}}

# Decision boundaries of the three spiral models as class-probability maps.
boundaries *FLAGS:
    go run ./experiments/boundaries {{FLAGS}}

# Write results/REPORT.md, running every experiment whose results are missing or stale.
report *FLAGS:
    go run ./experiments/report {{FLAGS}}

# Regenerate the spiral figures from a short run into a scratch folder.
figures-quick:
    go run ./experiments/spiral -epochs 20 -out .tmp/quick

# Run the test suite, as CI does.
test:
    go test ./...

# Formatting, vet and tests: what .ci/run checks.
ci:
    ./.ci/run
