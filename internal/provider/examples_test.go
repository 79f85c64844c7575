package provider_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
	"github.com/dts-terraform/terraform-provider-dts/internal/provider"
)

// Every example under examples/ is applied against the emulator (those under
// examples/scenarios by TestScenarios, as their guides say; the modules by
// `make module-test`), so that an example that does not work cannot land. The
// examples are the registry documentation's: they name the provider by its
// registry source and use placeholder job IDs, so the test drops the terraform
// and provider blocks (the test's provider block configures the provider under
// test) and replaces the placeholder IDs with jobs it bought first.
func TestExamplesApply(t *testing.T) {
	root := filepath.Join("..", "..", "examples")
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() && p == filepath.Join(root, "modules") {
			// Modules take typed inputs and carry their own tests: `make
			// module-test` runs them (terraform test, in-process emulator).
			return filepath.SkipDir
		}
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".tf") && !slices.Contains(dirs, filepath.Dir(p)) {
			dirs = append(dirs, filepath.Dir(p))
		}
		return err
	})
	if err != nil || len(dirs) < 5 {
		t.Fatalf("examples: %v, %d folders", err, len(dirs))
	}
	for _, dir := range dirs {
		rel, _ := filepath.Rel(root, dir)
		if strings.HasPrefix(rel, "scenarios"+string(filepath.Separator)) {
			continue // TestScenarios applies them as their guides say
		}
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			applyExample(t, dir)
		})
	}
}

// The job IDs the examples use.
const (
	placeholderJobID  = "dts-1a2b3c4d"
	placeholderSyncID = "sync-1a2b3c4d"
	placeholderTaskID = "-cmp-1a2b3c4d"
	placeholderSubsID = "subs-1a2b3c4d5e"
)

// taskImportID is the import ID of the compare task the example created, in
// the example's form: the bare task ID, or region:job:task.
func taskImportID(address string, bare bool) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		r, ok := s.RootModule().Resources[address]
		if !ok {
			return "", fmt.Errorf("%s is not in the state", address)
		}
		if bare {
			return r.Primary.ID, nil
		}
		return acctest.Region + ":" + r.Primary.Attributes["job_id"] + ":" + r.Primary.ID, nil
	}
}

var (
	terraformBlock = regexp.MustCompile(`(?ms)^terraform \{.*?^\}\n`)
	providerBlock  = regexp.MustCompile(`(?ms)^provider "dts" \{\}\n|^provider "dts" \{.*?^\}\n`)
	variableName   = regexp.MustCompile(`(?m)^variable "(\w+)"`)
	importCommand  = regexp.MustCompile(`(?m)^terraform import (\S+) (\S+)$`)
)

func applyExample(t *testing.T, dir string) {
	env := acctest.New(t, func(o *emulator.Options) { o.Credentials[emulator.DefaultSecretID] = emulator.DefaultSecretKey })
	env.Getenv = func(name string) string {
		return map[string]string{"TENCENTCLOUD_SECRET_ID": acctest.SecretID, "TENCENTCLOUD_SECRET_KEY": acctest.SecretKey,
			"TENCENTCLOUD_STS_ENDPOINT": env.URL}[name]
	}
	jobID := env.BuyMigrationJobs(t, 1, "example", nil)[0]
	syncID := env.BuySyncJobs(t, 1, "example", map[string]string{"team": "payments"})[0] // tags are bought, never changed
	subsID := placeholderSubsID
	var hcl, imports string
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), placeholderSubsID) && subsID == placeholderSubsID {
			subsID = runningSubscription(t, env)
		}
		text := strings.NewReplacer(placeholderJobID, jobID, placeholderSyncID, syncID, placeholderSubsID, subsID).Replace(string(b))
		switch {
		case strings.HasSuffix(f, ".tf") && strings.Contains(text, placeholderTaskID):
			// An import block of a compare task: the task exists only once the
			// example created it; import.sh's step imports the same ID form.
			continue
		case strings.HasSuffix(f, ".sh"):
			imports += text
		case filepath.Base(dir) == "provider":
			hcl += terraformBlock.ReplaceAllString(text, "") // its provider blocks are the example
		default:
			hcl += providerBlock.ReplaceAllString(terraformBlock.ReplaceAllString(text, ""), "")
		}
	}
	if filepath.Base(dir) != "provider" {
		hcl = env.ProviderBlock() + hcl
	}
	vars := config.Variables{}
	for _, m := range variableName.FindAllStringSubmatch(hcl, -1) {
		vars[m[1]] = config.StringVariable("example-secret-" + m[1])
	}
	steps := []resource.TestStep{{Config: hcl, ConfigVariables: vars}}
	for _, m := range importCommand.FindAllStringSubmatch(imports, -1) {
		step := resource.TestStep{Config: hcl, ConfigVariables: vars, ResourceName: m[1], ImportState: true, ImportStateId: m[2]}
		if strings.Contains(m[2], placeholderTaskID) {
			// A compare task's ID exists once the example created it.
			step.ImportStateId, step.ImportStateIdFunc = "", taskImportID(m[1], !strings.Contains(m[2], ":"))
		}
		steps = append(steps, step)
	}
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: env.ProviderFactories(), Steps: steps})
}

// runningSubscription buys, configures, checks and starts the subscription the
// subscription examples name, configured as examples/resources/dts_subscription
// configures it (so that its import block adopts it without a reset), with the
// consumer group examples/resources/dts_consumer_group imports, and returns
// its ID. The emulator's jobs move with the provider's fake clock, which the
// test advances itself here.
func runningSubscription(t *testing.T, env *acctest.Env) string {
	t.Helper()
	ctx, c, r := context.Background(), env.Client(t), acctest.Region
	s := func(v string) *string { return &v }
	bought, err := c.CreateSubscribe(ctx, r, &dtsapi.CreateSubscribeRequest{Product: s("mysql"), PayType: new(int64(1)),
		Name: s("orders-changes"), Tags: []*dtsapi.TagItem{{TagKey: s("team"), TagValue: s("payments")}}})
	if err != nil || len(bought.SubscribeIds) != 1 {
		t.Fatalf("buying a subscription: %v", err)
	}
	id := bought.SubscribeIds[0]
	steps := []func() error{
		func() error {
			_, err := c.ConfigureSubscribeJob(ctx, r, &dtsapi.ConfigureSubscribeJobRequest{SubscribeId: id, SubscribeMode: s("dml"),
				AccessType: s("cdb"), Protocol: s("avro"),
				Endpoints: []*dtsapi.EndpointItem{{DatabaseRegion: s(r), InstanceId: s("cdb-my0001"), User: s("dts_subscriber"),
					Password: s("example-secret")}},
				KafkaConfig: &dtsapi.SubscribeKafkaConfig{NumberOfPartitions: new(uint64(4)), DefaultRuleType: s("table"),
					DistributeRules: []*dtsapi.DistributeRule{{RuleType: s("pk"), DbPattern: s("^orders$"), TablePattern: s("^order_items?$")}}},
				SubscribeObjects: []*dtsapi.SubscribeObject{{ObjectType: s("database"), Database: s("orders")}}})
			return err
		},
		func() error {
			_, err := c.CreateSubscribeCheckJob(ctx, r, &dtsapi.CreateSubscribeCheckJobRequest{SubscribeId: id})
			return err
		},
		func() error {
			_, err := c.StartSubscribe(ctx, r, &dtsapi.StartSubscribeRequest{SubscribeId: id})
			return err
		},
		func() error {
			_, err := c.CreateConsumerGroup(ctx, r, &dtsapi.CreateConsumerGroupRequest{SubscribeId: id,
				ConsumerGroupName: s("orders-app"), AccountName: s("orders-reader"), Password: s("example-secret"), Description: s("order service")})
			return err
		},
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("preparing subscription %s, step %d: %v", *id, i+1, err)
		}
		env.Clock.Advance(10 * time.Minute) // 1 000 nominal minutes: the check, then the start, end
	}
	return *id
}

// TestEveryTypeHasExamples: every resource has an example, an import.sh and an
// import block (import-by-block.tf), and every data source an example — the
// registry pages show them, and TestExamplesApply applies them.
func TestEveryTypeHasExamples(t *testing.T) {
	ctx := context.Background()
	p := provider.New("test")()
	want := map[string][]string{}
	for _, f := range p.Resources(ctx) {
		var m fwresource.MetadataResponse
		f().Metadata(ctx, fwresource.MetadataRequest{ProviderTypeName: "dts"}, &m)
		want[filepath.Join("resources", m.TypeName)] = []string{"resource.tf", "import.sh", "import-by-block.tf"}
	}
	for _, f := range p.DataSources(ctx) {
		var m datasource.MetadataResponse
		f().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "dts"}, &m)
		want[filepath.Join("data-sources", m.TypeName)] = []string{"data-source.tf"}
	}
	if len(want) < 10 {
		t.Fatalf("only %d resources and data sources", len(want))
	}
	for dir, files := range want {
		for _, f := range files {
			if _, err := os.Stat(filepath.Join("..", "..", "examples", dir, f)); err != nil {
				t.Errorf("examples/%s/%s: %v", dir, f, err)
			}
		}
	}
}
