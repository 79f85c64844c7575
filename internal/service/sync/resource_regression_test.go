package sync_test

// Regression tests of the bugs an adversarial review of dts_sync_job and the
// sync data sources found (REVIEW-n, as numbered in the review report): each
// test reproduced its bug and failed before the fix; the comment above it
// describes the bug as it was.

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

// notReplaced is a plan check: the resource is not destroyed and created
// again (an update or no change is fine).
type notReplaced struct{ addr string }

func (c notReplaced) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address == c.addr && rc.Change != nil && (rc.Change.Actions.Replace() || rc.Change.Actions.Delete()) {
			resp.Error = fmt.Errorf("%s is planned for %v, want an in-place update or no change", c.addr, rc.Change.Actions)
			return
		}
	}
}

// describe reads the job in the state through the API.
func describe(t *testing.T, env *acctest.Env, id string) *dtsapi.SyncJobInfo {
	t.Helper()
	out, err := env.Client(t).DescribeSyncJobs(context.Background(), acctest.Region, &dtsapi.DescribeSyncJobsRequest{JobId: &id})
	if err != nil {
		t.Fatalf("DescribeSyncJobs %s: %v", id, err)
	}
	for _, j := range out.JobList {
		if j != nil && j.JobId != nil && *j.JobId == id {
			return j
		}
	}
	t.Fatalf("job %s not listed", id)
	return nil
}

func tdsqlNode(role, extra string) string {
	return fmt.Sprintf(`{ role = %q, instance_id = "cdb-tm0001", user = "dts_user", password_wo = var.password, password_wo_version = 1%s }`, role, extra)
}

// REVIEW-1 (provider, critical): a `node_type = "cluster"` endpoint can never
// be configured. tfkit's spreadCluster copies only the members
// ConfigureSyncJobRequest has under the endpoint's prefix (SrcAccessType), so
// SrcInfos/DstInfos (SyncDBEndpointInfos: Region*, AccessType*, DatabaseType*,
// Info*) go out without Region and DatabaseType, and DTS answers
// MissingParameter `SrcInfos.Region` — after the job was bought; the job is
// tainted. Every TDSQL MySQL source or target (issue 8: "`cluster` sends
// SrcInfos/DstInfos (even with one element, e.g. a tdsql proxy)") is
// affected.
func TestReviewClusterEndpoint(t *testing.T) {
	t.Parallel()
	for name, j := range map[string]job{
		"tdsql source set": {Src: `{
    region        = "ap-guangzhou"
    access_type   = "cdb"
    database_type = "tdsqlmysql"
    node_type     = "cluster"
    connect_type  = "set"
    info = [` + tdsqlNode("proxy", "") + `, ` + tdsqlNode("set", `, set_id = "set-1"`) + `]
  }`},
		"tdsql target proxy": {Dst: `{
    region        = "ap-guangzhou"
    access_type   = "cdb"
    database_type = "tdsqlmysql"
    node_type     = "cluster"
    info = [` + tdsqlNode("proxy", "") + `]
  }`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := acctest.New(t)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.ProviderFactories(),
				CheckDestroy:             env.CheckJobsDestroyed("sync"),
				Steps: []resource.TestStep{
					{
						Config: env.Config(j.hcl()), ConfigVariables: vars(),
						ConfigStateChecks: []statecheck.StateCheck{expect("status", knownvalue.StringExact("Running"))},
					},
					{Config: env.Config(j.hcl()), ConfigVariables: vars(), PlanOnly: true}, // reads back without drift
				},
			})
		})
	}
}

// REVIEW-2 (provider, high): every update of a `Timed` job that waits for
// its start (ReadyRunning, which satisfies state = "running") first waits
// for the job to leave ReadyRunning (update.settle), i.e. until
// expect_run_time, and times out. Even a change that sends nothing to DTS
// (timeouts, deletion_policy, a recorded rate limit) cannot be applied until
// the job has started.
func TestReviewTimedJobUpdateWhileWaitingForStart(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	// The test clock starts on 2026-01-01: the job waits for months.
	timed := "  run_mode        = \"Timed\"\n  expect_run_time = \"2026-06-01T02:00:00+08:00\"\n"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckJobsDestroyed("sync"),
		Steps: []resource.TestStep{
			{
				Config: env.Config(job{Extra: timed}.hcl()), ConfigVariables: vars(),
				ConfigStateChecks: []statecheck.StateCheck{expect("status", knownvalue.StringExact("ReadyRunning"))},
			},
			{
				Config: env.Config(job{Extra: timed + "  timeouts = { update = \"5m\" }\n"}.hcl()), ConfigVariables: vars(),
				ConfigStateChecks: []statecheck.StateCheck{expect("status", knownvalue.StringExact("ReadyRunning"))},
			},
			{
				Config:            env.Config(job{Extra: timed + "  timeouts = { update = \"5m\" }\n  rate_limit = { dump_thread = 4 }\n"}.hcl()),
				ConfigVariables:   vars(),
				ConfigStateChecks: []statecheck.StateCheck{expect("status", knownvalue.StringExact("ReadyRunning"))},
			},
		},
	})
}

// REVIEW-3 (provider, medium): a job in `Unknown` — a stable status in the
// seed's table and the emulator, whose own solution reads "Stop the job" and
// which allows StopSyncJob — cannot be stopped with state = "stopped": the
// provider lists Unknown as transitional, so update.settle/drive wait for the
// job to leave it until the timeout. (The same list keeps `state =
// "running"` on refresh, so the plan never shows that the job is Unknown.)
func TestReviewStopUnknownJob(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckJobsDestroyed("sync"),
		Steps: []resource.TestStep{
			// The refresh shows the raw status: the plan then shows the way back.
			{Config: env.Config(job{}.hcl()), ConfigVariables: vars(), Check: force(env, "Unknown", ""), ExpectNonEmptyPlan: true},
			{
				Config: env.Config(job{State: "stopped", Extra: "  timeouts = { update = \"10m\" }\n"}.hcl()), ConfigVariables: vars(),
				ConfigStateChecks: []statecheck.StateCheck{expect("status", knownvalue.StringExact("Stopped"))},
			},
		},
	})
}

// REVIEW-4 (provider, high): attributes DTS never reports (time_span,
// job_mode) read back null after an import, and a null → value change of
// them forces a replacement (time_span's RequiresReplace, job_mode in
// afterStartRules). Importing a prepaid job whose configuration sets
// time_span, or any job whose configuration sets job_mode, plans to destroy
// the job just imported. The resource page says the plan after an import
// "only records the versions ... and never forces a replacement". The same
// rule replaces a running job when job_mode = "fullMode" (DTS's default) or
// time_span = 1 (the purchase's default) is merely written down.
func TestReviewImportDoesNotReplace(t *testing.T) {
	t.Parallel()
	for name, j := range map[string]job{
		"prepaid time_span": {PayMode: "PrePay", Extra: "  time_span = 3\n"},
		"job_mode":          {Extra: "  job_mode = \"liteMode\"\n"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := acctest.New(t)
			cfg := env.Config(j.hcl())
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.ProviderFactories(),
				CheckDestroy:             env.CheckJobsDestroyed("sync"),
				Steps: []resource.TestStep{
					{Config: cfg, ConfigVariables: vars()},
					{
						Config: cfg, ConfigVariables: vars(),
						ResourceName: jobAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
						ImportStateIdFunc: func(s *terraform.State) (string, error) { return acctest.Region + ":" + jobID(s), nil },
						// The password versions are recorded: an update, never a replacement.
						ExpectNonEmptyPlan: true,
						ImportPlanChecks:   resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{notReplaced{jobAddr}}},
					},
				},
			})
		})
	}
	for name, tc := range map[string]struct{ before, after job }{
		"job_mode default":  {job{}, job{Extra: "  job_mode = \"fullMode\"\n"}},
		"time_span default": {job{PayMode: "PrePay"}, job{PayMode: "PrePay", Extra: "  time_span = 1\n"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := acctest.New(t)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.ProviderFactories(),
				CheckDestroy:             env.CheckJobsDestroyed("sync"),
				Steps: []resource.TestStep{
					{Config: env.Config(tc.before.hcl()), ConfigVariables: vars()},
					{
						Config: env.Config(tc.after.hcl()), ConfigVariables: vars(),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{notReplaced{jobAddr}}},
					},
				},
			})
		})
	}
}

// REVIEW-5 (provider, high): removing a dynamic option from the
// configuration of a running job is planned as a change ("- op_types =
// [...] -> null"), the apply reports success, the next plan is empty — and
// DTS still applies the old value: modifyRequest sends the job's current
// OpTypes (and DdlOptions) when the plan has none, and leaves
// filter_begin_commit / filter_checkpoint / conflict_handle_option out, so
// DTS keeps them. The job silently keeps filtering Delete and DDL here.
func TestReviewRemovingDynamicOption(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	var id string
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckJobsDestroyed("sync"),
		Steps: []resource.TestStep{
			{
				Config:          env.Config(job{Options: `    op_types = ["Insert", "Update"]`}.hcl()),
				ConfigVariables: vars(),
				Check:           func(s *terraform.State) error { id = jobID(s); return nil },
			},
			{
				Config:          env.Config(job{Options: `    conflict_handle_type = "ReportError"`}.hcl()),
				ConfigVariables: vars(),
				// The state and DTS must agree after the apply: either the
				// filter is gone in DTS, or the state still shows it.
				Check: func(s *terraform.State) error {
					var ops []string
					if o := describe(t, env, id).Options; o != nil {
						for _, op := range o.OpTypes {
							ops = append(ops, *op)
						}
					}
					inState := s.RootModule().Resources[jobAddr].Primary.Attributes["options.op_types.#"]
					if slices.Equal(ops, []string{"Insert", "Update"}) && (inState == "" || inState == "0") {
						return fmt.Errorf("op_types was removed from the configuration, the apply succeeded and the state has no op_types, but DTS still syncs only %v", ops)
					}
					return nil
				},
			},
		},
	})
}

// REVIEW-6 (provider, medium): every change of the objects of a running
// increment-only Kafka job sends DynamicOptions.StartPosition again, although
// it did not change. DTS documents the member as "仅增量任务重新设置指定位点" (set
// the start position of an increment-only job again): adding a database
// rewinds the job to its original start position.
func TestReviewStartPositionNotResent(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	kafka := func(dbs ...string) job {
		return job{
			DBs: dbs,
			Dst: `{
    region        = "ap-guangzhou"
    access_type   = "ckafka"
    database_type = "kafka"
    node_type     = "single"
    info = [{ instance_id = "ckafka-kf0001" }]
  }`,
			Options: `    init_type      = "None"
    start_position = "2026-01-01T08:00:00+08:00"
    kafka_option = {
      data_type   = "Json"
      topic_type  = "Single"
      topic_rules = [{ topic_name = "orders", partition_type = "AllInPartitionZero", db_match_mode = "Default", table_match_mode = "Default" }]
    }`,
		}
	}
	m := &journalMark{env: env}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckJobsDestroyed("sync"),
		Steps: []resource.TestStep{
			{Config: env.Config(kafka("orders").hcl()), ConfigVariables: vars()},
			{
				PreConfig: m.mark,
				Config:    env.Config(kafka("orders", "billing").hcl()), ConfigVariables: vars(),
				Check: func(*terraform.State) error {
					n := 0
					for _, e := range env.Emulator.Journal()[m.from:] {
						if e.Action != "ModifySyncJobConfig" {
							continue
						}
						n++
						var p struct{ DynamicOptions map[string]any }
						if err := json.Unmarshal(e.Parameters, &p); err != nil {
							return err
						}
						if v, ok := p.DynamicOptions["StartPosition"]; ok {
							return fmt.Errorf("ModifySyncJobConfig re-sent StartPosition %v although start_position did not change", v)
						}
					}
					if n == 0 {
						return fmt.Errorf("no ModifySyncJobConfig call")
					}
					return nil
				},
			},
		},
	})
}

// REVIEW-7 (provider, medium): dts_sync_jobs's name_contains ("Only jobs
// whose name contains this text") sends the text as DescribeSyncJobs.JobName,
// which DTS (and the emulator, README "Listing") matches as the whole name:
// a substring finds nothing.
func TestReviewNameContains(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	env.BuySyncJobs(t, 2, "orders-sync-eu", nil)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: env.Config(`data "dts_sync_jobs" "c" { name_contains = "sync" }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.dts_sync_jobs.c", tfjsonpath.New("total_count"), knownvalue.Int64Exact(2)),
			},
		}},
	})
}

// REVIEW-8 (provider, low): dts_sync_jobs with job_ids = [] (e.g. an empty
// variable, a for expression that matched nothing) lists every job of the
// region instead of none.
func TestReviewEmptyJobIDs(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	env.BuySyncJobs(t, 3, "other", nil)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: env.Config(`data "dts_sync_jobs" "none" { job_ids = [] }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.dts_sync_jobs.none", tfjsonpath.New("total_count"), knownvalue.Int64Exact(0)),
			},
		}},
	})
}

// REVIEW-9 (provider, medium): rules of ConfigureSyncJob that the
// configuration shows are not checked at plan time. The plan succeeds, the
// apply buys a (billed) job, ConfigureSyncJob refuses the configuration, and
// the job is tainted and replaced on the next apply. Each case below was
// confirmed against the emulator (error code in the comment); each should be
// a plan-time error with no API call.
func TestReviewPlanTimeGaps(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	kafkaDst := `{
    region        = "ap-guangzhou"
    access_type   = "ckafka"
    database_type = "kafka"
    node_type     = "single"
    info = [{ instance_id = "ckafka-kf0001" }]
  }`
	kafka := func(extra, rules string) job {
		return job{Dst: kafkaDst, Options: fmt.Sprintf(`%s
    kafka_option = {
      data_type   = "Json"
      topic_type  = "Multi"
      %s
    }`, extra, rules)}
	}
	rest := `{ topic_name = "t", partition_type = "Random", db_match_mode = "Default", table_match_mode = "Default" }`
	mongo := func(i int) string {
		return strings.NewReplacer(`"mysql"`, `"mongodb"`, "cdb-my000", "cdb-mg000").Replace(cdbEndpoint(fmt.Sprintf("cdb-my000%d", i), 1))
	}
	for name, tc := range map[string]struct {
		j    job
		want string
	}{
		// MissingParameter KafkaOption.TopicRules
		"kafka without topic_rules": {kafka("", ""), `topic_rules`},
		// MissingParameter KafkaOption.TopicRules.0.TopicName
		"kafka rule without topic_name": {kafka("", `topic_rules = [{ partition_type = "Random", db_match_mode = "Default", table_match_mode = "Default" }]`), `topic_name`},
		// MissingParameter KafkaOption.TopicRules.0.DbName
		"kafka Regular without db_name": {kafka("", `topic_rules = [{ topic_name = "t", partition_type = "Random", db_match_mode = "Regular", table_match_mode = "Default" }, `+rest+`]`), `db_name`},
		// MissingParameter KafkaOption.TopicRules.0.Columns
		"kafka PartitionByCols without columns": {job{Dst: kafkaDst, Options: `    kafka_option = {
      data_type   = "Json"
      topic_type  = "Single"
      topic_rules = [{ topic_name = "t", partition_type = "PartitionByCols", db_match_mode = "Default", table_match_mode = "Default" }]
    }`}, `columns`},
		// MissingParameter KafkaOption.DataOption maxMessageSizeMB
		"kafka skipLargeMessage without maxMessageSizeMB": {kafka(`    `, `topic_rules = [`+rest+`]
      data_option = { skipLargeMessage = "on" }`), `data_option|maxMessageSizeMB`},
		// InvalidParameterValue: "目前仅mysql2kafka链路支持"
		"filter_begin_commit on mariadb2kafka": {job{
			Src: strings.NewReplacer(`"mysql"`, `"mariadb"`, "cdb-my0001", "cdb-md0001").Replace(cdbEndpoint("cdb-my0001", 1)),
			Dst: kafkaDst, Options: `    filter_begin_commit = true
    kafka_option = {
      data_type   = "Json"
      topic_type  = "Multi"
      topic_rules = [` + rest + `]
    }`}, `filter_begin_commit`},
		// InvalidParameterValue DstAccessType: cdb with a kafka target
		"cdb access to kafka": {kafka("", `topic_rules = [`+rest+`]`), `access_type`},
		// MissingParameter Options.DdlOptions
		"PartialDDL without ddl_options": {job{Options: `    op_types = ["Insert", "PartialDDL"]`}, `ddl_options`},
		// InvalidParameterValue Options.DdlOptions.0.DdlValue (View: Create Drop)
		"ddl value of another object": {job{Options: `    op_types = ["Insert", "PartialDDL"]
    ddl_options = [{ ddl_object = "View", ddl_value = ["Alter"] }]`}, `ddl_value`},
		// MissingParameter Options.ConflictHandleOption.ConditionOperator
		"ConditionCover option incomplete": {job{Options: `    conflict_handle_type   = "ConditionCover"
    conflict_handle_option = { condition_column = "ts" }`}, `conflict_handle_option|condition_operator`},
		// InvalidParameterValue Options.InitType: "mongodb链路只支持全量数据初始化或仅增量"
		"mongodb init_type Full": {job{Src: mongo(1), Dst: mongo(2), Options: `    init_type = "Full"`}, `init_type`},
		// MissingParameter SrcInfo.Account / SrcInfo.AccountRole
		"account_mode other without account": {job{Src: strings.Replace(cdbEndpoint("cdb-my0001", 1), `user                = "dts_user"`, "user = \"dts_user\"\n      account_mode = \"other\"", 1)}, `account`},
		// InvalidParameterValue ModifySyncRateLimit DumpRps (mongodb ≤ 20000, documented on rate_limit)
		"mongodb dump_rps": {job{Src: mongo(1), Dst: mongo(2), Extra: "  rate_limit = { dump_rps = 50000 }\n"}, `dump_rps`},
	} {
		t.Run(name, func(t *testing.T) {
			j := tc.j
			if name == "cdb access to kafka" {
				j.Dst = strings.Replace(kafkaDst, `"ckafka"`, `"cdb"`, 1)
			}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.ProviderFactories(),
				Steps: []resource.TestStep{{
					Config: env.Config(j.hcl()), ConfigVariables: vars(), PlanOnly: true,
					// "Error: " only appears in diagnostics, never in a plan's text.
					ExpectError: regexp.MustCompile(`(?s)Error: .*(` + tc.want + `)`),
				}},
			})
		})
	}
	if n := len(env.Emulator.Journal()); n != 0 {
		t.Errorf("%d API calls during plan-time validation, want none", n)
	}
}

// REVIEW-10 (provider, low; the provider and the emulator disagree): the
// provider's MySQL family for ResetSyncJob (mysqlFamily) lacks tdstore (and
// tdsqlpercona), which the emulator resets (README "Pay modes and billing").
// A stopped prepaid tdstore→mysql job is replaced instead of reset on the
// same ID.
func TestReviewResetPrepaidTDStore(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	src := strings.NewReplacer(`"mysql"`, `"tdstore"`, "cdb-my0001", "cdb-ts0001").Replace(cdbEndpoint("cdb-my0001", 1))
	cfg := env.Config(job{PayMode: "PrePay", Src: src, Extra: "  time_span = 1\n"}.hcl())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckJobsDestroyed("sync"),
		Steps: []resource.TestStep{
			{Config: cfg, ConfigVariables: vars()},
			{Config: cfg, ConfigVariables: vars(), Check: force(env, "Stopped", ""), ExpectNonEmptyPlan: true},
			{
				Config: cfg, ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expect("status", knownvalue.StringExact("Running"))},
			},
		},
	})
}

// REVIEW-11 (provider, low): `name` is limited to 128 bytes
// (stringvalidator.LengthBetween counts bytes), while DTS counts characters
// (the emulator: utf8.RuneCountInString ≤ 128, like CreateMigrationService's
// "最大长度128"). A name of 100 Chinese characters (300 bytes) is refused at
// plan time although DTS takes it.
func TestReviewNameLengthInCharacters(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{{
			Config: env.Config(job{Name: strings.Repeat("订单同步", 25)}.hcl()), ConfigVariables: vars(),
			PlanOnly: true, ExpectNonEmptyPlan: true,
		}},
	})
}

// REVIEW-12 (provider, medium): when DTS carries out an operation but its
// reply is lost (the connection drops after the action ran: fault
// applyThenDrop), the provider retries the call, DTS answers
// FailedOperation.StatusInConflict because the operation already took
// effect, and the apply (or destroy) fails — although the job is exactly
// where the operation was taking it. The provider's own message says "a
// request may have reached DTS and taken effect", but it does not read the
// job again. StartSyncJob, PauseSyncJob, ContinueSyncJob and StopSyncJob
// survive the same fault (drive re-reads the job); CreateCheckSyncJob
// (create fails before the start: the job is tainted and a new one is
// bought), CreateModifyCheckSyncJob, StartModifySyncJob, ResizeSyncJob,
// IsolateSyncJob and DestroySyncJob do not.
func TestReviewLostReply(t *testing.T) {
	t.Parallel()
	for _, action := range []string{"CreateCheckSyncJob", "CreateModifyCheckSyncJob", "StartModifySyncJob", "ResizeSyncJob",
		"IsolateSyncJob", "DestroySyncJob"} {
		t.Run(action, func(t *testing.T) {
			t.Parallel()
			env := acctest.New(t)
			env.Emulator.AddFault(emulator.FaultRule{Action: action, Kind: emulator.FaultApplyThenDrop, First: 1})
			dbs := []string{"orders", "billing"}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.ProviderFactories(),
				CheckDestroy:             env.CheckJobsDestroyed("sync"),
				Steps: []resource.TestStep{
					{Config: env.Config(job{}.hcl()), ConfigVariables: vars()},
					{Config: env.Config(job{DBs: dbs}.hcl()), ConfigVariables: vars()},
					{Config: env.Config(job{DBs: dbs, Class: "large"}.hcl()), ConfigVariables: vars(),
						ConfigStateChecks: []statecheck.StateCheck{
							expect("status", knownvalue.StringExact("Running")),
							expect("instance_class", knownvalue.StringExact("large")),
						}},
				},
			})
		})
	}
}
