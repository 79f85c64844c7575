// Command examples-check is `make examples-check`'s second half: every folder
// under examples/ that holds Terraform files must pass `terraform validate`
// against the freshly built provider (`terraform fmt -check` is the first
// half). Like `make demo` it writes a throwaway CLI configuration whose
// dev_overrides point at the built binary, so nothing is installed and no
// registry is asked: `terraform validate` needs no `terraform init` then.
//
// Each folder is validated in a copy of its .tf files. A folder that declares
// no required_providers (the data source snippets the registry pages show)
// gets one naming dts-terraform/dts, as a reader's configuration would;
// without it Terraform would look for hashicorp/dts. Errors fail the check,
// and so does any warning but the one about dev_overrides themselves: an
// example must not show a deprecated or doubtful setting.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/devcli"
)

// requiredProviders is added to a folder that has no required_providers.
const requiredProviders = `terraform {
  required_providers {
    dts = {
      source = "dts-terraform/dts"
    }
  }
}
`

// devOverridesWarning is the summary of the warning every command prints
// while dev_overrides are in effect.
const devOverridesWarning = "Provider development overrides are in effect"

func main() {
	providerDir := flag.String("provider-dir", "bin", "folder holding the built terraform-provider-dts binary")
	root := flag.String("examples", "examples", "folder whose Terraform configurations are validated")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("examples-check: ")

	if err := run(*providerDir, *root); err != nil {
		log.Fatal(err)
	}
}

func run(providerDir, root string) error {
	providerDir, err := devcli.ProviderDir(providerDir)
	if err != nil {
		return err
	}
	dirs, err := configDirs(root)
	if err != nil {
		return err
	}
	if len(dirs) == 0 {
		return fmt.Errorf("no Terraform files under %s", root)
	}

	work, err := os.MkdirTemp("", "dts-examples-check-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	cli, err := devcli.WriteConfig(work, providerDir)
	if err != nil {
		return err
	}
	env := append(os.Environ(), cli...)

	start := time.Now()
	var failed []string
	for i, dir := range dirs {
		copyTo := filepath.Join(work, fmt.Sprint(i))
		added, err := copyConfig(dir, copyTo)
		if err != nil {
			return err
		}
		problems, err := validate(copyTo, env)
		if err != nil {
			return fmt.Errorf("%s: %w", dir, err)
		}
		note := ""
		if added {
			note = " (with a required_providers block added)"
		}
		if len(problems) > 0 {
			failed = append(failed, dir)
			log.Printf("FAIL %s%s", dir, note)
			for _, p := range problems {
				log.Printf("     %s", p)
			}
			continue
		}
		log.Printf("ok   %s%s", dir, note)
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d example folders are not valid: %s", len(failed), len(dirs), strings.Join(failed, ", "))
	}
	log.Printf("%d example folders valid against %s (%s)", len(dirs), providerDir, time.Since(start).Round(time.Millisecond))
	return nil
}

// configDirs lists the folders under root that hold .tf files, sorted.
func configDirs(root string) ([]string, error) {
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".terraform" {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".tf") && !slices.Contains(dirs, filepath.Dir(p)) {
			dirs = append(dirs, filepath.Dir(p))
		}
		return nil
	})
	slices.Sort(dirs)
	return dirs, err
}

// copyConfig copies dir's .tf files to dst and adds a required_providers block
// when none of them has one; it reports whether it added one.
func copyConfig(dir, dst string) (bool, error) {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return false, err
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		return false, err
	}
	declared := false
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return false, err
		}
		declared = declared || declaresProviders(b)
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), b, 0o644); err != nil {
			return false, err
		}
	}
	if declared {
		return false, nil
	}
	return true, os.WriteFile(filepath.Join(dst, "zz_required_providers.tf"), []byte(requiredProviders), 0o644)
}

// declaresProviders tells whether a file has a required_providers block
// outside comments.
func declaresProviders(b []byte) bool {
	for line := range bytes.Lines(b) {
		line = bytes.TrimSpace(line)
		if bytes.HasPrefix(line, []byte("required_providers")) {
			return true
		}
	}
	return false
}

// validation is the part of `terraform validate -json`'s output read here.
type validation struct {
	Valid       bool         `json:"valid"`
	Diagnostics []diagnostic `json:"diagnostics"`
}

type diagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
	Range    *struct {
		Filename string `json:"filename"`
		Start    struct {
			Line int `json:"line"`
		} `json:"start"`
	} `json:"range"`
}

// validate runs `terraform validate -json` in dir and returns every
// diagnostic that fails the check, formatted.
func validate(dir string, env []string) ([]string, error) {
	cmd := exec.Command("terraform", "validate", "-json", "-no-color")
	cmd.Dir = dir
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var exit *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exit) {
		return nil, runErr
	}
	var v validation
	if err := json.Unmarshal(stdout.Bytes(), &v); err != nil {
		return nil, fmt.Errorf("terraform validate: %w; output: %s%s", err, stdout.String(), stderr.String())
	}
	problems := failures(v)
	if runErr != nil && len(problems) == 0 {
		problems = append(problems, fmt.Sprintf("terraform validate: %v: %s", runErr, strings.TrimSpace(stderr.String())))
	}
	return problems, nil
}

// failures formats the diagnostics that fail the check: every error, and
// every warning but the dev_overrides one.
func failures(v validation) []string {
	var out []string
	for _, d := range v.Diagnostics {
		if d.Severity == "warning" && d.Summary == devOverridesWarning {
			continue
		}
		at := ""
		if d.Range != nil {
			at = fmt.Sprintf("%s:%d: ", d.Range.Filename, d.Range.Start.Line)
		}
		out = append(out, fmt.Sprintf("%s%s: %s: %s", at, d.Severity, d.Summary, strings.Join(strings.Fields(d.Detail), " ")))
	}
	if !v.Valid && len(out) == 0 {
		out = append(out, "terraform validate reports the configuration invalid without a diagnostic")
	}
	return out
}
