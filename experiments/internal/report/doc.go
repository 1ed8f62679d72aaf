// Package report assembles results/REPORT.md from the JSON files of the
// experiments. Each file starts with a results.Header that lists its
// tables and figures, so the report renders every experiment the same way
// without knowing its other fields. The package also decides whether a
// JSON file is still current for the code (see Rule) or the experiment has
// to run again.
package report
