package provider_test

import (
	"encoding/json"
	"fmt"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

// oneOfCheck passes when any of its checks passes.
type oneOfCheck struct{ checks []knownvalue.Check }

func oneOf(checks ...knownvalue.Check) knownvalue.Check { return oneOfCheck{checks} }

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

// calls counts the journal entries of an action that succeeded.
func calls(emu *emulator.Emulator, action string) int {
	n := 0
	for _, e := range emu.Journal() {
		if e.Action == action && e.Code == "" {
			n++
		}
	}
	return n
}

// noSecretIn checks that a data source's values carry no password, masked or
// not, and no secret attribute at all.
func noSecretIn(s *tfjson.State, address string) error {
	for _, r := range s.Values.RootModule.Resources {
		if r.Address != address {
			continue
		}
		b, err := json.Marshal(r.AttributeValues)
		if err != nil {
			return err
		}
		for _, bad := range []string{testPassword, "xxxxxxxx", "password", "tmp_secret_key", "tmp_token"} {
			if strings.Contains(string(b), bad) {
				return fmt.Errorf("%s exposes %q", address, bad)
			}
		}
		return nil
	}
	return fmt.Errorf("%s is not in the state", address)
}
