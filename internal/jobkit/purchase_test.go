package jobkit

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
	"github.com/dts-terraform/terraform-provider-dts/internal/waiter"
)

// A purchase whose reply was lost is bought again only when the lookups
// find no job, at most purchaseAttempts times in all; a job found is the
// job, and two found are an error naming both.
func TestBuyAgainOnlyWhenNothingWasBought(t *testing.T) {
	lost := &client.APIError{Code: "InternalError", MayHaveApplied: true}
	for name, tc := range map[string]struct {
		failures  int      // purchases that fail with a lost reply before one succeeds
		found     []string // what every lookup returns
		later     []string // what a lookup returns once a purchase succeeded
		wantWarn  string
		wantBuys  int
		wantID    string
		wantError string
	}{
		"lost, nothing bought, bought again":          {failures: 1, wantBuys: 2, wantID: "new"},
		"lost twice, then bought":                     {failures: 2, wantBuys: 3, wantID: "new"},
		"lost every time: purchaseAttempts purchases": {failures: 9, wantBuys: purchaseAttempts, wantError: "InternalError"},
		"lost, the job is found":                      {failures: 1, found: []string{"found"}, wantBuys: 1, wantID: "found"},
		"lost, two jobs carry the token":              {failures: 1, found: []string{"a", "b"}, wantBuys: 1, wantError: "2 jobs match"},
		"an error that cannot have bought one":        {failures: 0, wantBuys: 1, wantID: "new"},
		"bought again, the first appears after all": {failures: 1, later: []string{"early", "new"}, wantBuys: 2, wantID: "new",
			wantWarn: "An earlier attempt made a job after all, found by its token tag terraform-dts-token=t: early"},
	} {
		t.Run(name, func(t *testing.T) {
			e := &Env{Clock: clock.NewFake(time.Unix(0, 0)), Poll: waiter.Schedule{Min: time.Second}}
			buys, lookups := 0, 0
			p := Purchase{Action: "CreateSyncJob", Token: "t",
				Buy: func(context.Context) (string, error) {
					buys++
					if buys <= tc.failures {
						return "", lost
					}
					return "new", nil
				},
				Lookup: func(context.Context) ([]string, error) {
					lookups++
					if buys > tc.failures && tc.later != nil {
						return tc.later, nil
					}
					return tc.found, nil
				},
			}
			var diags diag.Diagnostics
			id, err := e.Buy(context.Background(), p, &diags)
			if buys != tc.wantBuys {
				t.Errorf("%d purchases, want %d", buys, tc.wantBuys)
			}
			if tc.wantError != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantError) {
					t.Errorf("got %q, %v; want an error with %q", id, err, tc.wantError)
				}
				return
			}
			if err != nil || id != tc.wantID {
				t.Errorf("got %q, %v; want %q", id, err, tc.wantID)
			}
			// Three lookups after each lost reply, and one after a purchase
			// made again.
			if want := 3*min(tc.failures, purchaseAttempts) + min(tc.failures, 1); len(tc.found) == 0 && lookups != want {
				t.Errorf("%d lookups, want %d", lookups, want)
			}
			if got := fmt.Sprint(diags.Warnings()); !strings.Contains(got, tc.wantWarn) || (tc.wantWarn == "" && strings.Contains(got, "after all")) {
				t.Errorf("warnings %s, want %q", got, tc.wantWarn)
			}
		})
	}
}
