package provider_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
	"github.com/dts-terraform/terraform-provider-dts/internal/provider"
)

// emulatorOptions are the test provider's options without an endpoint: the
// configuration's emulator serves it, on the provider's fake clock.
func emulatorOptions(env *acctest.Env) provider.Options {
	opts := env.ProviderOptions()
	opts.Endpoint = ""
	return opts
}

// emulatorBlock is a provider block in emulator mode on file, with extra
// settings.
func emulatorBlock(file, extra string) string {
	return fmt.Sprintf(`
provider "dts" {
  region = %q
  emulator = {
    state_file = %q
    time_scale = 0.001
    seed       = 3
  }
%s}
`, acctest.Region, file, extra)
}

// emulatorJob is a migration job whose source host is host, in the stage
// state, served by the provider configuration provider.
func emulatorJob(name, provider, host, state string) string {
	return fmt.Sprintf(`
resource "dts_migration_job" %[1]q {
  provider = %[2]s
  name     = %[1]q
  state    = %[4]q
  instance_class = "small"
  src_info = {
    region        = %[5]q
    access_type   = "extranet"
    database_type = "mysql"
    node_type     = "simple"
    info = [{ host = %[3]q, port = 3306, user = "dts", password_wo = "s", password_wo_version = 1 }]
  }
  dst_info = {
    region        = %[5]q
    access_type   = "cdb"
    database_type = "mysql"
    node_type     = "simple"
    info = [{ instance_id = "cdb-my0001", user = "root", password_wo = "t", password_wo_version = 1 }]
  }
  migrate_option = {
    database_table = {
      object_mode = "partial"
      databases   = [{ db_name = "orders", db_mode = "all" }]
    }
  }
}
`, name, provider, host, state, acctest.Region)
}

// liveJobs lists the jobs of the state file that are not destroyed.
func liveJobs(t *testing.T, file string) []string {
	t.Helper()
	e, err := emulator.New(emulator.Options{StateFile: file})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	var live []string
	for _, j := range e.Jobs("") {
		if j.TradeStatus != "offlined" {
			live = append(live, j.JobID+" "+j.Status+" "+j.TradeStatus)
		}
	}
	return live
}

func jobStatus(address, status string) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(address, tfjsonpath.New("status"), knownvalue.StringExact(status))
}

// The emulator mode serves a whole lifecycle with no endpoint and no
// credentials: every Terraform command starts a new provider, which finds
// the jobs of the last one in the state file (and the credential variables
// of the environment are ignored). Two provider configurations on one state
// file work at once, and the destroy leaves nothing.
func TestAccProvider_emulatorLifecycle(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	opts := emulatorOptions(env)
	opts.Getenv = envFrom(map[string]string{provider.EnvSecretID: "AKIDREAL", provider.EnvSecretKey: "real", provider.EnvDTSEndpoint: "https://dts.example.com"})
	file := filepath.Join(t.TempDir(), "emulator.json")
	config := func(state string) string {
		return emulatorBlock(file, "") + emulatorBlock(file, `  alias = "second"`+"\n") +
			emulatorJob("orders", "dts", "orders-db.example.com", state) +
			emulatorJob("billing", "dts.second", "billing-db.example.com", "running")
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactoriesWith(opts),
		Steps: []resource.TestStep{
			{Config: config("running"), ConfigStateChecks: []statecheck.StateCheck{
				jobStatus("dts_migration_job.orders", "running"), jobStatus("dts_migration_job.billing", "running"),
			}},
			{Config: config("completed"), ConfigStateChecks: []statecheck.StateCheck{jobStatus("dts_migration_job.orders", "success")}},
		},
		CheckDestroy: func(*terraform.State) error {
			if live := liveJobs(t, file); len(live) > 0 {
				return fmt.Errorf("jobs left in the emulator: %v", live)
			}
			return nil
		},
	})
	if len(env.Emulator.Jobs("")) != 0 {
		t.Fatal("the acctest emulator was called: the emulator mode must not reach an endpoint")
	}
}

// The deterministic rules hold: a source host in .invalid fails the check,
// with the step's message.
func TestAccProvider_emulatorCheckRules(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	file := filepath.Join(t.TempDir(), "emulator.json")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactoriesWith(emulatorOptions(env)),
		Steps: []resource.TestStep{{
			Config:      emulatorBlock(file, "") + emulatorJob("broken", "dts", "orders-db.invalid", "running"),
			ExpectError: words("the migration check failed", "ConnectDBCheck", "Cannot connect to orders-db.invalid:3306"),
		}},
	})
}

// Endpoints, credentials and roles cannot be combined with the emulator: a
// plan-time error names each one set.
func TestAccProvider_emulatorIsExclusive(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	file := filepath.Join(t.TempDir(), "emulator.json")
	for extra, named := range map[string]string{
		`  endpoint = "https://dts.tencentcloudapi.com"` + "\n" + `  secret_id = "AKID"` + "\n" + `  secret_key = "k"` + "\n": "endpoint, secret_id, secret_key",
		`  assume_role = { role_arn = "qcs::cam::uin/1:roleName/r", session_name = "s" }` + "\n":                              "assume_role",
		`  profile = "default"` + "\n" + `  use_cvm_role = true` + "\n":                                                       "profile, use_cvm_role",
	} {
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: env.ProviderFactoriesWith(emulatorOptions(env)),
			Steps: []resource.TestStep{{
				Config:      emulatorBlock(file, extra) + listAll,
				PlanOnly:    true,
				ExpectError: words("emulator cannot be combined with "+named, "Remove "+named),
			}},
		})
	}
	// use_cvm_role = false asks for nothing.
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactoriesWith(emulatorOptions(env)),
		Steps:                    []resource.TestStep{{Config: emulatorBlock(file, "  use_cvm_role = false\n") + listAll, ConfigStateChecks: countCheck(0)}},
	})
}

// Bad emulator settings fail at plan time (range) or when the provider is
// configured (a state file that cannot be created), naming the attribute.
func TestAccProvider_emulatorSettings(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	dir := t.TempDir()
	cases := map[string]*regexp.Regexp{
		`emulator = { state_file = "` + filepath.Join(dir, "missing", "e.json") + `" }`:      words("Cannot open the emulator's state file", "the folder", "missing", "does not exist"),
		`emulator = { state_file = "` + filepath.Join(dir, "e.json") + `", time_scale = 0 }`: words("emulator.time_scale", "between"),
		`emulator = { state_file = "` + filepath.Join(dir, "e.json") + `", seed = 0 }`:       words("emulator.seed", "at least 1"),
		`emulator = { state_file = "" }`: words("emulator.state_file", "at least 1"),
	}
	for emu, want := range cases {
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: env.ProviderFactoriesWith(emulatorOptions(env)),
			Steps: []resource.TestStep{{
				Config:      "provider \"dts\" {\n  region = \"" + acctest.Region + "\"\n  " + emu + "\n}\n" + listAll,
				ExpectError: want,
			}},
		})
	}
	if strings.Contains(fmt.Sprint(cases), "\n") {
		t.Fatal("a case spans lines")
	}
}

// configureEmulator configures a provider in emulator mode through the
// plugin protocol and returns its diagnostics.
func configureEmulator(t *testing.T, env *acctest.Env, emu map[string]any) []*tfprotov6.Diagnostic {
	t.Helper()
	ctx := context.Background()
	server := providerserver.NewProtocol6(provider.NewWithOptions(emulatorOptions(env))())()
	schema, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ := schema.Provider.ValueType()
	dv, err := tfprotov6.NewDynamicValue(typ, acctest.Value(typ, map[string]any{"region": acctest.Region, "emulator": emu}))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: &dv})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Diagnostics
}

// A state file keeps the seed it was created with; a provider configured
// with another one is told so, with a warning.
func TestAccProvider_emulatorSeedWarning(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	file := filepath.Join(t.TempDir(), "emulator.json")
	if diags := configureEmulator(t, env, map[string]any{"state_file": file, "seed": 3}); len(diags) != 0 {
		t.Fatalf("first configuration: %v", diags)
	}
	diags := configureEmulator(t, env, map[string]any{"state_file": file, "seed": 4})
	if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityWarning ||
		!strings.Contains(diags[0].Detail, "keeps its own seed") || !strings.Contains(diags[0].Detail, "ignored_seed: 4") {
		t.Fatalf("second configuration: %+v", diags)
	}
}

// Secrets never reach the emulator's state file (nor its log) in emulator
// mode, for any kind, as with the standalone emulator: a migration job keeps
// the mask DTS answers with, a sync job and a subscription an empty
// password, a consumer group none.
func TestAccProvider_emulatorKeepsNoSecret(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	file := filepath.Join(t.TempDir(), "emulator.json")
	secrets := []string{"Migrate-Src-Pa55", "Migrate-Dst-Pa55", "Sync-Pa55word", "Subscribe-Pa55", "Consume-Pa55"}
	config := emulatorBlock(file, "") + strings.ReplaceAll(strings.ReplaceAll(emulatorJob("orders", "dts", "orders-db.example.com", "running"),
		`password_wo = "s"`, `password_wo = "`+secrets[0]+`"`), `password_wo = "t"`, `password_wo = "`+secrets[1]+`"`) +
		fmt.Sprintf(emulatorSecretsConfig, acctest.Region, secrets[2], secrets[3], secrets[4])
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactoriesWith(emulatorOptions(env)),
		Steps: []resource.TestStep{{
			Config: config,
			Check: func(*terraform.State) error {
				for _, f := range []string{file, file + ".log"} {
					b, err := os.ReadFile(f)
					if err != nil {
						return err
					}
					for _, secret := range secrets {
						if strings.Contains(string(b), secret) {
							return fmt.Errorf("%s holds the password %q", filepath.Base(f), secret)
						}
					}
				}
				return nil
			},
		}},
	})
}

// emulatorSecretsConfig is a sync job, a subscription and its consumer
// group (region, then the three passwords).
const emulatorSecretsConfig = `
resource "dts_sync_job" "replica" {
  name           = "replica"
  instance_class = "small"
  src_info = {
    region = %[1]q, access_type = "cdb", database_type = "mysql", node_type = "single"
    info = [{ instance_id = "cdb-my0001", user = "dts", password_wo = %[2]q, password_wo_version = 1 }]
  }
  dst_info = {
    region = %[1]q, access_type = "cdb", database_type = "mysql", node_type = "single"
    info = [{ instance_id = "cdb-my0002", user = "dts", password_wo = %[2]q, password_wo_version = 1 }]
  }
  objects = { mode = "Partial", databases = [{ db_name = "orders", db_mode = "All" }] }
}

resource "dts_subscription" "changes" {
  name           = "changes"
  product        = "mysql"
  subscribe_mode = "dml"
  access_type    = "cdb"
  endpoints = [{
    database_region = %[1]q, instance_id = "cdb-my0001", user = "dts", password_wo = %[3]q, password_wo_version = 1
  }]
  kafka_config      = { number_of_partitions = 1, default_rule_type = "table" }
  subscribe_objects = [{ object_type = "database", database = "orders" }]
}

resource "dts_consumer_group" "billing" {
  subscribe_id        = dts_subscription.changes.id
  consumer_group_name = "billing"
  account_name        = "billing"
  password_wo         = %[4]q
  password_wo_version = 1
}
`
