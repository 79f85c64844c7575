package migration_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

// The password reaches the API (the journal records its hash) and appears in
// none of the state file, `terraform show -json`, the plan, or a trace log.
func TestAccMigrationJob_secretsNeverLeak(t *testing.T) {
	dir := t.TempDir()
	logPath := filepath.Join(dir, "trace.log")
	t.Setenv("TF_ACC_TEMP_DIR", dir)
	t.Setenv("TF_ACC_PERSIST_WORKING_DIR", "1")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_LOG", "TRACE")

	env := acctest.New(t)
	secretFree := func(what string, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(testPassword)) {
			t.Errorf("the password appears in %s", what)
		}
		return nil
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config:          env.Config(job{State: "checked"}.hcl()),
				ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					acctest.PlanFunc(func(p *tfjson.Plan) error { return secretFree("the plan", p) }),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateFunc(func(s *tfjson.State) error { return secretFree("terraform show -json", s) }),
				},
			},
			{ // a new password before the start: sent again, still never stored
				Config:          env.Config(job{State: "checked", PasswordVersion: 2}.hcl()),
				ConfigVariables: vars(),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					acctest.PlanFunc(func(p *tfjson.Plan) error { return secretFree("the plan", p) }),
				}},
			},
		},
	})

	// The API got it: the journal has its hash where ModifyMigrationJob sent it.
	sum := sha256.Sum256([]byte(testPassword))
	hash := "sha256:" + hex.EncodeToString(sum[:])
	sent := 0
	for _, e := range env.Emulator.Journal() {
		if bytes.Contains(e.Parameters, []byte(testPassword)) {
			t.Errorf("the journal recorded the password of %s in clear", e.Action)
		}
		if e.Action == "ModifyMigrationJob" && bytes.Contains(e.Parameters, []byte(hash)) {
			sent++
		}
	}
	if sent != 2 {
		t.Errorf("ModifyMigrationJob carried the password %d times, want 2", sent)
	}

	// Nothing Terraform wrote — state files, saved plans, the trace log —
	// holds it. The configuration files and the variables file are the
	// user's input and are skipped.
	scanned := map[string]int{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := d.Name()
		if strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tfvars.json") || strings.Contains(path, string(filepath.Separator)+".terraform"+string(filepath.Separator)) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		contents := [][]byte{b}
		if zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err == nil { // saved plans are zip files
			contents = nil
			for _, f := range zr.File {
				rc, err := f.Open()
				if err != nil {
					return err
				}
				inner, err := io.ReadAll(rc)
				rc.Close()
				if err != nil {
					return err
				}
				contents = append(contents, inner)
			}
			scanned["plan"]++
		}
		switch {
		case strings.HasPrefix(name, "terraform.tfstate"):
			scanned["state"]++
		case path == logPath:
			scanned["log"]++
		}
		for _, c := range contents {
			if bytes.Contains(c, []byte(testPassword)) {
				t.Errorf("the password appears in %s", path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if scanned["state"] == 0 || scanned["plan"] == 0 || scanned["log"] == 0 {
		t.Fatalf("the scan missed something: %v", scanned)
	}
	if log, _ := os.ReadFile(logPath); !regexp.MustCompile(`ModifyMigrationJob`).Match(log) {
		t.Fatalf("the trace log does not show the provider's calls; it proves nothing")
	}
}
