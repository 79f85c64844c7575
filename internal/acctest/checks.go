package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

// Checks every kind's acceptance tests share.

// OneOf passes when any of its checks passes.
func OneOf(checks ...knownvalue.Check) knownvalue.Check { return oneOfCheck{checks} }

type oneOfCheck struct{ checks []knownvalue.Check }

func (o oneOfCheck) CheckValue(v any) error {
	var errs []string
	for _, c := range o.checks {
		err := c.CheckValue(v)
		if err == nil {
			return nil
		}
		errs = append(errs, err.Error())
	}
	return fmt.Errorf("none of %s matched %v: %s", o, v, strings.Join(errs, "; "))
}

func (o oneOfCheck) String() string {
	var s []string
	for _, c := range o.checks {
		s = append(s, c.String())
	}
	return "one of [" + strings.Join(s, ", ") + "]"
}

// Calls counts the journal entries of an action that succeeded.
func Calls(emu *emulator.Emulator, action string) int {
	n := 0
	for _, e := range emu.Journal() {
		if e.Action == action && e.Code == "" {
			n++
		}
	}
	return n
}

// CalledSince checks that the journal, from entry `from` on, has a
// successful call of every action in want and none of those in never.
func CalledSince(emu *emulator.Emulator, from int, want, never []string) error {
	seen := map[string]bool{}
	for _, e := range emu.Journal()[from:] {
		if e.Code == "" {
			seen[e.Action] = true
		}
	}
	for _, a := range want {
		if !seen[a] {
			return fmt.Errorf("%s was not called", a)
		}
	}
	for _, a := range never {
		if seen[a] {
			return fmt.Errorf("%s was called", a)
		}
	}
	return nil
}

// NoSecretIn checks that a data source's values carry no password, masked or
// not, and no secret attribute at all.
func NoSecretIn(s *tfjson.State, address string, secrets ...string) error {
	for _, r := range s.Values.RootModule.Resources {
		if r.Address != address {
			continue
		}
		b, err := json.Marshal(r.AttributeValues)
		if err != nil {
			return err
		}
		for _, bad := range append(secrets, "xxxxxxxx", "password", "tmp_secret_key", "tmp_token") {
			if strings.Contains(string(b), bad) {
				return fmt.Errorf("%s exposes %q", address, bad)
			}
		}
		return nil
	}
	return fmt.Errorf("%s is not in the state", address)
}

// PlanFunc is a plan check written as a function.
type PlanFunc func(*tfjson.Plan) error

func (f PlanFunc) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f(req.Plan)
}

// StateFunc is a state check written as a function.
type StateFunc func(*tfjson.State) error

func (f StateFunc) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f(req.State)
}
