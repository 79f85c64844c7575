package dtsapi

import (
	"testing"
	"time"
)

func TestTimeRoundTrip(t *testing.T) {
	utc := time.Date(2026, 11, 27, 14, 45, 18, 0, time.UTC)
	got := FormatTime(utc)
	if got != "2026-11-27 22:45:18" {
		t.Fatalf("FormatTime = %q, want Beijing time 2026-11-27 22:45:18", got)
	}
	back, ok := ParseTime(got)
	if !ok || !back.Equal(utc) {
		t.Fatalf("ParseTime(%q) = %v, %v; want %v", got, back, ok, utc)
	}
	if RFC3339(got) != "2026-11-27T22:45:18+08:00" {
		t.Fatalf("RFC3339 = %q", RFC3339(got))
	}
}

func TestTimeZeroValues(t *testing.T) {
	for _, s := range []string{"", ZeroTime, "garbage"} {
		if _, ok := ParseTime(s); ok {
			t.Errorf("ParseTime(%q) reported a time", s)
		}
		if RFC3339(s) != "" {
			t.Errorf("RFC3339(%q) = %q, want empty", s, RFC3339(s))
		}
	}
	if FormatTime(time.Time{}) != ZeroTime {
		t.Errorf("FormatTime(zero) = %q", FormatTime(time.Time{}))
	}
}
