package results

import (
	"fmt"
	"strings"
)

// Header is the common head of every experiment's JSON file. The report
// program reads only this part, so an experiment shows up in the report by
// filling Tables and Figures, whatever else its file contains.
type Header struct {
	Experiment string     `json:"experiment"`
	Provenance Provenance `json:"provenance"`
	// Tables are the experiment's results tables, already formatted.
	Tables []Table `json:"tables"`
	// Figures lists the PNG files the run wrote.
	Figures []Figure `json:"figures"`
}

// Table is a results table with formatted cells.
type Table struct {
	Title   string     `json:"title"`
	Columns []string   `json:"columns"`
	Rows    [][]string `json:"rows"`
	// Align holds "l" or "r" per column. Missing entries align left.
	Align []string `json:"align,omitempty"`
}

// Figure is a PNG written by a run. Path is relative to the folder of the
// JSON file that lists it.
type Figure struct {
	Path    string `json:"path"`
	Caption string `json:"caption"`
}

// Markdown renders the table in GitHub Markdown, without its title.
func (t Table) Markdown() string {
	var b strings.Builder
	b.WriteString("| " + strings.Join(t.Columns, " | ") + " |\n|")
	for i := range t.Columns {
		if i < len(t.Align) && t.Align[i] == "r" {
			b.WriteString("---:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for _, row := range t.Rows {
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
	}
	return b.String()
}

// Percent formats a fraction as a percentage with one decimal.
func Percent(fraction float64) string { return fmt.Sprintf("%.1f%%", 100*fraction) }

// Thousands formats an integer with comma separators, as 364,236.
func Thousands(n int) string {
	s := fmt.Sprintf("%d", n)
	if n < 0 {
		return "-" + Thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
