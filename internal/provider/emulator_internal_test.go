package provider

import (
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/waiter"
)

// The reads of a job follow the emulator's time scale, never closer than
// minEmulatorPoll, and never slower than the production schedule.
func TestScaledSchedule(t *testing.T) {
	def := waiter.DefaultSchedule()
	for _, c := range []struct {
		scale float64
		want  waiter.Schedule
	}{
		{1, def},
		{10, def},
		{0.01, waiter.Schedule{Min: minEmulatorPoll, Max: minEmulatorPoll, Factor: def.Factor, Horizon: 1200 * time.Millisecond}},
		{0.1, waiter.Schedule{Min: 300 * time.Millisecond, Max: time.Second, Factor: def.Factor, Horizon: 12 * time.Second}},
	} {
		if got := scaledSchedule(def, c.scale); got != c.want {
			t.Errorf("scale %g: got %+v, want %+v", c.scale, got, c.want)
		}
	}
	if got := scaledSchedule(waiter.Schedule{Min: time.Second, Max: time.Second, Factor: 1}, 0.5); got.Horizon != 0 {
		t.Errorf("prediction off stays off: %+v", got)
	}
}
