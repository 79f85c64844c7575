package compare_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

var taskIDPattern = regexp.MustCompile(`^(dts|sync)-[a-z0-9]{8}-cmp-[a-z0-9]{8}$`)

// TestSame: the task waits for the parent's incremental phase, compares the
// job's objects and concludes same; the state converges.
func TestSame(t *testing.T) {
	forEachParent(t, func(t *testing.T, p parent) {
		env := acctest.New(t)
		s := step(env, cfg{P: p})
		s.ConfigStateChecks = []statecheck.StateCheck{
			expect("status", knownvalue.StringExact("success")),
			expect("conclusion", knownvalue.StringExact("same")),
			expect("total_tables", knownvalue.Int64Exact(3)),
			expect("checked_tables", knownvalue.Int64Exact(3)),
			expect("different_tables", knownvalue.Int64Exact(0)),
			expect("id", knownvalue.StringRegexp(taskIDPattern)),
		}
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: env.ProviderFactories(),
			CheckDestroy:             checkDestroy(env, p),
			Steps:                    []resource.TestStep{s},
		})
	})
}
