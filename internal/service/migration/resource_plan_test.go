package migration_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

// Bad enums and every cross-field rule are rejected at plan time, before any
// API call.
func TestAccMigrationJob_planTimeValidation(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	base := job{}.hcl()
	replace := func(old, new string) string {
		if !strings.Contains(base, old) {
			t.Fatalf("test configuration has no %q", old)
		}
		return strings.Replace(base, old, new, 1)
	}
	srcNode := `      host                = "src.example.com"
      port                = 3306
`
	for name, tc := range map[string]struct{ hcl, want string }{
		"node_type":       {replace(`node_type     = "simple"`, `node_type     = "single"`), `Attribute src_info.node_type value must be one of`},
		"instance_class":  {replace(`instance_class = "medium"`, `instance_class = "huge"`), `Attribute instance_class value must be one of`},
		"micro on create": {replace(`instance_class = "medium"`, `instance_class = "micro"`), `micro is not available at purchase`},
		"state":           {replace(`instance_class = "medium"`, "instance_class = \"medium\"\n  state = \"done\""), `Attribute state value must be one of`},
		"stopped on create": {replace(`instance_class = "medium"`, "instance_class = \"medium\"\n  state = \"stopped\""),
			`A new job cannot be stopped`},
		"migrate_type":             {replace(`    database_table = {`, "    migrate_type = \"incremental\"\n    database_table = {"), `Attribute migrate_option.migrate_type value must be one of`},
		"object_mode":              {replace(`object_mode = "partial"`, `object_mode = "some"`), `object_mode value must be one of`},
		"deletion_policy":          {replace(`instance_class = "medium"`, "instance_class = \"medium\"\n  deletion_policy = \"keep\""), `deletion_policy value must be one of`},
		"encrypt_conn":             {replace(srcNode, srcNode+"      encrypt_conn = \"TLS\"\n"), `encrypt_conn value must be one of`},
		"write mode":               {replace(`    database_table = {`, "    extra_attr = { DstWriteMode = \"append\" }\n    database_table = {"), `Invalid Redis write mode`},
		"auto retry":               {replace(`instance_class = "medium"`, "instance_class = \"medium\"\n  auto_retry_time_range_minutes = 3"), `must be 0 \(no automatic retry\) or between 5 and 720`},
		"expect_run_time format":   {replace(`instance_class = "medium"`, "instance_class = \"medium\"\n  run_mode = \"timed\"\n  expect_run_time = \"2026-12-01 02:00:00\""), `must be an RFC 3339 time`},
		"timed without time":       {replace(`instance_class = "medium"`, "instance_class = \"medium\"\n  run_mode = \"timed\""), `run_mode = "timed" needs expect_run_time`},
		"extranet without host":    {replace(srcNode, "      port = 3306\n"), `(?s)Missing host.*access_type "extranet" needs the database's host and port`},
		"extranet without port":    {replace(srcNode, "      host = \"src.example.com\"\n"), `Missing port`},
		"cdb without instance_id":  {replace(`access_type   = "extranet"`, `access_type   = "cdb"`), `access_type "cdb" \(a cloud database\) needs the instance's ID`},
		"vpc without vpc_id":       {replace(`access_type   = "extranet"`, `access_type   = "vpc"`), `(?s)Missing vpc_id.*Missing subnet_id`},
		"cvm without instance":     {replace(`access_type   = "extranet"`, `access_type   = "cvm"`), `Missing cvm_instance_id`},
		"ccn without net env":      {replace(`access_type   = "extranet"`, `access_type   = "ccn"`), `Missing database_net_env`},
		"dcg without gateway":      {replace(`access_type   = "extranet"`, `access_type   = "dcg"`), `Missing uniq_dcg_id`},
		"vpncloud without gateway": {replace(`access_type   = "extranet"`, `access_type   = "vpncloud"`), `Missing uniq_vpn_gw_id`},
		"tdsql set without set_id": {replace(`database_type = "mysql"
    node_type     = "simple"
    info = [{
      host                = "src.example.com"`, `database_type = "tdsqlmysql"
    connect_type  = "set"
    node_type     = "simple"
    info = [{
      role                = "set"
      host                = "src.example.com"`), `A TDSQL set node \(role = "set"\) needs its set_id`},
		"redis without resume option": {strings.ReplaceAll(base, `database_type = "mysql"`, `database_type = "redis"`), `Redis jobs must choose how to resume`},
		"redis full": {strings.ReplaceAll(replace(`    database_table = {`, "    migrate_type = \"full\"\n    database_table = {"), `database_type = "mysql"`, `database_type = "redis"`),
			`Redis migrates fullAndIncrement only`},
		"missing port says where": {replace(srcNode, "      host = \"src.example.com\"\n"), `Not set: src_info.info\[0\].port`},
		"skip connectivity":       {replace(`instance_class = "medium"`, "instance_class = \"medium\"\n  skip_check_steps = [\"ConnectDBCheck\"]"), `ConnectDBCheck can never be skipped`},
		"skip misspelled step":    {replace(`instance_class = "medium"`, "instance_class = \"medium\"\n  skip_check_steps = [\"ConstrainCheck\"]"), `Unknown check step`},
		"foreign keys without ConstraintCheck": {replace(`instance_class = "medium"`, "instance_class = \"medium\"\n  foreign_key_flag = \"shield\""),
			`foreign_key_flag needs ConstraintCheck`},
		"complete_mode on postgresql": {strings.Replace(replace(`instance_class = "medium"`, "instance_class = \"medium\"\n  complete_mode = \"immediately\""),
			`database_type = "mysql"`, `database_type = "postgresql"`, 1),
			`complete_mode is for MySQL sources only`},
		"partial without databases":        {replace(`      databases   = [{ db_name = "orders", db_mode = "all" }]`, ""), `Missing databases`},
		"partial database without db_mode": {replace(`{ db_name = "orders", db_mode = "all" }`, `{ db_name = "orders" }`), `(?s)Missing db_mode.*Not set: migrate_option.database_table.databases\[0\].db_mode`},
		"partial tables without tables":    {replace(`{ db_name = "orders", db_mode = "all" }`, `{ db_name = "orders", db_mode = "partial", table_mode = "partial" }`), `Missing tables`},
		"rename without new name": {replace(`{ db_name = "orders", db_mode = "all" }`,
			`{ db_name = "orders", db_mode = "partial", table_mode = "partial", tables = [{ table_name = "t", table_edit_mode = "rename" }] }`), `Missing new_table_name`},
		"rename with tmp tables": {replace(`{ db_name = "orders", db_mode = "all" }`,
			`{ db_name = "orders", db_mode = "partial", table_mode = "partial", tables = [{ table_name = "t", new_table_name = "u", tmp_tables = ["_t_new"] }] }`),
			`new_table_name and tmp_tables exclude each other`},
		"tdsql without connect_type": {replace(`database_type = "mysql"
    node_type     = "simple"
    info = [{
      host                = "src.example.com"`, `database_type = "tdsqlmysql"
    node_type     = "simple"
    info = [{
      role                = "proxy"
      host                = "src.example.com"`), `Missing connect_type`},
		"tdsql without role": {replace(`database_type = "mysql"
    node_type     = "simple"`, `database_type = "tdsqlmysql"
    connect_type  = "proxy"
    node_type     = "simple"`), `Missing role`},
		"account role characters": {replace(srcNode, srcNode+"      account_role = \"role with spaces\"\n"), `(?s)account_role may contain only letters, digits, -\s+and _`},
		"load_rps above the maximum": {replace(`instance_class = "medium"`, "instance_class = \"medium\"\n  rate_limit = { load_rps = 60000000 }"),
			`rate_limit.load_rps value must be between 1 and 50000000`},
		"negative timeout":       {replace(`instance_class = "medium"`, "instance_class = \"medium\"\n  timeouts = { create = \"-5m\" }"), `(?s)Invalid timeout.*timeouts.create is "-5m"`},
		"zero timeout":           {replace(`instance_class = "medium"`, "instance_class = \"medium\"\n  timeouts = { delete = \"0s\" }"), `timeouts.delete is "0s"`},
		"timeout not parsable":   {replace(`instance_class = "medium"`, "instance_class = \"medium\"\n  timeouts = { update = \"soon\" }"), `timeouts.update is "soon"`},
		"resume option on mysql": {replace(`instance_class = "medium"`, "instance_class = \"medium\"\n  resume_option = \"clearData\""), `applies to Redis links only`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.ProviderFactories(),
				Steps: []resource.TestStep{{
					Config:          env.Config(tc.hcl),
					ConfigVariables: vars(),
					PlanOnly:        true,
					ExpectError:     regexp.MustCompile(tc.want),
				}},
			})
		})
	}
	if n := len(env.Emulator.Journal()); n != 0 {
		t.Fatalf("plan-time validation must not call the API; the emulator saw %d requests", n)
	}
}

// Before the start, everything changes in place: configuration and secrets
// are sent again and checked again.
func TestAccMigrationJob_updateBeforeStart(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	idSame := statecheck.CompareValue(compare.ValuesSame())
	step := func(j job) resource.TestStep {
		j.State = "checked"
		return resource.TestStep{
			Config:          env.Config(j.hcl()),
			ConfigVariables: vars(),
			ConfigStateChecks: []statecheck.StateCheck{
				idSame.AddStateValue(jobAddr, tfjsonpath.New("id")),
				statusIn("checkPass"),
			},
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			step(job{}),
			step(job{SrcHost: "src2.example.com"}),
			step(job{SrcHost: "src2.example.com", PasswordVersion: 2}),
			step(job{SrcHost: "src2.example.com", PasswordVersion: 2, Tags: `team = "search"`}),
		},
	})
	if got := acctest.Calls(env.Emulator, "ModifyMigrationJob"); got != 4 {
		t.Errorf("ModifyMigrationJob called %d times, want 4 (create and three updates)", got)
	}
	if got := acctest.Calls(env.Emulator, "CreateMigrateCheckJob"); got != 4 {
		t.Errorf("CreateMigrateCheckJob called %d times, want 4", got)
	}
}

// After the start: secrets are recorded with a warning, tags are a plan-time
// error, and other configuration changes replace the job.
func TestAccMigrationJob_changesAfterStart(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	idSame := statecheck.CompareValue(compare.ValuesSame())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		CheckDestroy:             env.CheckMigrationJobsDestroyed,
		Steps: []resource.TestStep{
			{
				Config:            env.Config(job{Tags: `team = "a"`}.hcl()),
				ConfigVariables:   vars(),
				ConfigStateChecks: []statecheck.StateCheck{idSame.AddStateValue(jobAddr, tfjsonpath.New("id"))},
			},
			{
				Config:          env.Config(job{Tags: `team = "b"`}.hcl()),
				ConfigVariables: vars(),
				ExpectError:     regexp.MustCompile(`DTS cannot retag a started job`),
			},
			{
				Config:          env.Config(job{Tags: `team = "a"`, PasswordVersion: 2, Option: "    is_dst_read_only = true\n"}.hcl()),
				ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{idSame.AddStateValue(jobAddr, tfjsonpath.New("id"))},
			},
			{
				// A replacement buys a new job with the new tags: no error.
				Config:          env.Config(job{Tags: `team = "b"`, PasswordVersion: 2, Option: "    is_dst_read_only = true\n", SrcHost: "elsewhere.example.com"}.hcl()),
				ConfigVariables: vars(), PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
			{
				Config:          env.Config(job{Tags: `team = "a"`, PasswordVersion: 2, Option: "    is_dst_read_only = true\n", SrcHost: "elsewhere.example.com"}.hcl()),
				ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(jobAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
		},
	})
	if got := acctest.Calls(env.Emulator, "ModifyMigrateRuntimeAttribute"); got != 1 {
		t.Errorf("ModifyMigrateRuntimeAttribute called %d times, want 1", got)
	}
}
