package sync_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

// After the start, what DTS cannot change is refused at plan time, with what
// to do instead.
func TestPlanTimeRulesAfterStart(t *testing.T) {
	env := acctest.New(t)
	cfg := job{}
	steps := []resource.TestStep{{Config: env.Config(cfg.hcl()), ConfigVariables: vars()}}
	for _, tc := range []struct {
		j    job
		want string
	}{
		{job{Name: "renamed"}, `name cannot change after the start`},
		{job{Tags: `team = "data"`}, `Tags cannot change`},
		{job{Extra: `  auto_retry_time_range_minutes = 10`}, `auto_retry_time_range_minutes cannot change after the start`},
		{job{State: "checked"}, `A started job cannot return to checked`},
	} {
		steps = append(steps, resource.TestStep{Config: env.Config(tc.j.hcl()), ConfigVariables: vars(), PlanOnly: true,
			ExpectError: regexp.MustCompile(tc.want)})
	}
	// A replacement buys a new job with the new tags: no "Tags cannot
	// change" (it was an error before, the review of subscriptions found).
	steps = append(steps, resource.TestStep{Config: env.Config(job{Tags: `team = "data"`, PayMode: "PrePay"}.hcl()), ConfigVariables: vars(),
		PlanOnly: true, ExpectNonEmptyPlan: true,
		ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionReplace)}}})
	// Paused, the objects cannot change unless the apply runs the job.
	paused := job{State: "paused"}
	steps = append(steps, resource.TestStep{Config: env.Config(paused.hcl()), ConfigVariables: vars()},
		resource.TestStep{Config: env.Config(job{State: "paused", DBs: []string{"orders", "billing"}}.hcl()), ConfigVariables: vars(), PlanOnly: true,
			ExpectError: regexp.MustCompile(`The objects change on a running job`)},
		resource.TestStep{Config: env.Config(job{DBs: []string{"orders", "billing"}}.hcl()), ConfigVariables: vars()})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckJobsDestroyed("sync"),
		Steps:                    steps,
	})
}
