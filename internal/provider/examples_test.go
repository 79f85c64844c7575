package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

// Every example under examples/ (but the modules) is applied against the
// emulator, so that an example that does not work cannot land. The examples
// are the registry documentation's: they name the provider by its registry
// source and use placeholder job IDs, so the test drops the terraform and
// provider blocks (the test's provider block configures the provider under
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
	var hcl, imports string
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.NewReplacer(placeholderJobID, jobID, placeholderSyncID, syncID).Replace(string(b))
		switch {
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
