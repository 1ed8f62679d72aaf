package results

import "testing"

func TestThousands(t *testing.T) {
	tests := map[int]string{0: "0", 999: "999", 1000: "1,000", 18906: "18,906", 364236: "364,236", 1234567: "1,234,567", -80000: "-80,000"}
	for n, want := range tests {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestTableMarkdown(t *testing.T) {
	tab := Table{Columns: []string{"model", "params"}, Rows: [][]string{{"euler", "18,906"}}, Align: []string{"l", "r"}}
	want := "| model | params |\n|---|---:|\n| euler | 18,906 |\n"
	if got := tab.Markdown(); got != want {
		t.Errorf("Markdown() =\n%s\nwant\n%s", got, want)
	}
}
