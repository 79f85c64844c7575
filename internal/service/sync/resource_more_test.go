package sync_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

// Destroy works from every reachable status, billed or not.
func TestDestroyFromEveryStatus(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ status, trade, class string }{
		{"UnInitialized", "", "small"}, {"Initialized", "", "medium"}, {"Checking", "", "small"}, {"CheckPass", "", "medium"},
		{"CheckNotPass", "", "small"}, {"ReadyRunning", "", "medium"}, {"Running", "", "small"}, {"Pausing", "", "medium"},
		{"Paused", "", "small"}, {"Stopping", "", "medium"}, {"Stopped", "", "small"}, {"ResumableErr", "", "medium"},
		{"Resuming", "", "small"}, {"Failed", "", "medium"}, {"Unknown", "", "small"},
		{"", "Isolated", "small"}, {"", "Isolating", "small"}, {"", "Resizing", "small"}, {"", "Recovering", "small"},
		{"", "Offlining", "small"}, {"", "Renewing", "small"},
	} {
		t.Run(tc.status+tc.trade+"_"+tc.class, func(t *testing.T) {
			t.Parallel()
			env := acctest.New(t)
			cfg := env.Config(job{Class: tc.class}.hcl())
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.ProviderFactories(),
				CheckDestroy:             env.CheckJobsDestroyed("sync"),
				Steps: []resource.TestStep{
					{Config: cfg, ConfigVariables: vars()},
					{
						PreConfig: func() {
							jobs := env.Emulator.Jobs(acctest.Region)
							if len(jobs) != 1 {
								t.Fatalf("%d jobs, want 1", len(jobs))
							}
							if err := env.Emulator.ForceStatus(acctest.Region, jobs[0].JobID, tc.status, tc.trade); err != nil {
								t.Fatal(err)
							}
						},
						Config: cfg, ConfigVariables: vars(), Destroy: true,
					},
				},
			})
		})
	}
}

// Transient failures of every mutating action (an internal error, a
// dropped connection) are retried; the apply and the destroy succeed.
func TestFaultsOnEveryMutatingAction(t *testing.T) {
	t.Parallel()
	actions := []string{"CreateSyncJob", "ConfigureSyncJob", "CreateCheckSyncJob", "StartSyncJob", "PauseSyncJob", "ContinueSyncJob",
		"ModifySyncJobConfig", "CreateModifyCheckSyncJob", "StartModifySyncJob", "ResizeSyncJob", "ModifySyncRateLimit",
		"StopSyncJob", "IsolateSyncJob", "DestroySyncJob", "DescribeSyncJobs", "DescribeCheckSyncJobResult", "DescribeModifyCheckSyncJobResult"}
	for _, action := range actions {
		t.Run(action, func(t *testing.T) {
			t.Parallel()
			env := acctest.New(t)
			env.Emulator.AddFault(emulator.FaultRule{Action: action, Kind: emulator.FaultError, Code: "InternalError", Every: 2})
			if action != "CreateSyncJob" {
				env.Emulator.AddFault(emulator.FaultRule{Action: action, Kind: emulator.FaultDrop, Every: 3})
			}
			dbs := []string{"orders", "billing"}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.ProviderFactories(),
				CheckDestroy:             env.CheckJobsDestroyed("sync"),
				Steps: []resource.TestStep{
					{Config: env.Config(job{}.hcl()), ConfigVariables: vars()},
					{Config: env.Config(job{DBs: dbs, State: "paused"}.hcl()), ConfigVariables: vars()}, // change, then pause
					{Config: env.Config(job{DBs: dbs, Class: "large", Extra: "  rate_limit = { dump_thread = 2 }\n"}.hcl()), ConfigVariables: vars(),
						ConfigStateChecks: []statecheck.StateCheck{expect("status", knownvalue.StringExact("Running"))}},
				},
			})
		})
	}
}

// A Kafka destination: a CKafka instance with its topics; the conflict
// handling of a Kafka target is fixed after the start (a plan-time error),
// its topics change in place.
func TestKafkaDestination(t *testing.T) {
	env := acctest.New(t)
	kafka := func(topic string) job {
		return job{
			Dst: `{
    region        = "ap-guangzhou"
    access_type   = "ckafka"
    database_type = "kafka"
    node_type     = "single"
    info = [{ instance_id = "ckafka-kf0001" }]
  }`,
			Options: fmt.Sprintf(`    kafka_option = {
      data_type  = "Avro"
      topic_type = "Single"
      topic_rules = [{ topic_name = %q, partition_type = "AllInPartitionZero", db_match_mode = "Default", table_match_mode = "Default" }]
    }`, topic),
		}
	}
	withConflict := kafka("orders")
	withConflict.Options += "\n    conflict_handle_type = \"Cover\""
	m := &journalMark{env: env}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckJobsDestroyed("sync"),
		Steps: []resource.TestStep{
			{
				Config: env.Config(kafka("orders").hcl()), ConfigVariables: vars(),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("status", knownvalue.StringExact("Running")),
					statecheck.ExpectKnownValue(jobAddr, tfjsonpath.New("options").AtMapKey("kafka_option").AtMapKey("topic_type"), knownvalue.StringExact("Single")),
				},
			},
			{
				PreConfig: m.mark, Config: env.Config(kafka("orders-v2").hcl()), ConfigVariables: vars(),
				Check: m.called([]string{"ModifySyncJobConfig", "StartModifySyncJob"}, []string{"StopSyncJob"}),
			},
			{Config: env.Config(withConflict.hcl()), ConfigVariables: vars(), PlanOnly: true,
				ExpectError: regexp.MustCompile(`Conflict handling of a Kafka target is fixed`)},
		},
	})
}
