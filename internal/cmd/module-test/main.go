// Command module-test is `make module-test`: it runs `terraform test` on
// every module under examples/modules against the freshly built provider,
// offline — the tests configure the provider's in-process emulator, and a
// throwaway CLI configuration's dev_overrides point at the binary, so there
// is no `terraform init`, no registry and no network.
//
// Each module is tested in a copy, without the emulator state files a
// `terraform test` run in the module's folder left (the emulator's state
// files stay out of the repository, and each test starts afresh):
//
//  1. `terraform test` must pass (the tests/ folder);
//  2. the files of tests/errors, run apart (`-test-directory=tests/errors`),
//     must fail, each with every text its `# expect_error: …` comment lines
//     name (compared with the white space folded, as Terraform wraps lines):
//     Terraform 1.11's expect_failures only expects custom conditions, not
//     an error a provider reports, such as a failed migration check;
//  3. afterwards, every emulator state file the tests used (found by its
//     .lock) must hold no job but destroyed ones (offlined, which the
//     emulator drops a minute of its clock later): the destroys that end
//     each test file left nothing behind.
package main

import (
	"bytes"
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
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

// expectPrefix starts the comment lines of a tests/errors file that name a
// text its failure must show.
const expectPrefix = "# expect_error:"

// offlined are the trade statuses of a destroyed job, each kind's spelling
// (subscriptions, consumer groups and compare tasks disappear at once).
var offlined = []string{dtsapi.MigrationTradeStatusOfflined, dtsapi.SyncTradeStatusOfflined}

func main() {
	providerDir := flag.String("provider-dir", "bin", "folder holding the built terraform-provider-dts binary")
	root := flag.String("modules", "examples/modules", "folder whose modules are tested")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("module-test: ")
	if err := run(*providerDir, *root); err != nil {
		log.Fatal(err)
	}
}

func run(providerDir, root string) error {
	providerDir, err := devcli.ProviderDir(providerDir)
	if err != nil {
		return err
	}
	modules, err := filepath.Glob(filepath.Join(root, "*", "tests"))
	if err != nil {
		return err
	}
	if len(modules) == 0 {
		return fmt.Errorf("no module with tests under %s", root)
	}
	work, err := os.MkdirTemp("", "dts-module-test-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	env, err := cliEnv(work, providerDir)
	if err != nil {
		return err
	}
	var failed []string
	for i, tests := range modules {
		dir := filepath.Dir(tests)
		start := time.Now()
		copyTo := filepath.Join(work, fmt.Sprint(i))
		if err := copyModule(copyTo, dir); err != nil {
			return err
		}
		if err := testModule(copyTo, env); err != nil {
			failed = append(failed, dir)
			log.Printf("FAIL %s: %v", dir, err)
			continue
		}
		log.Printf("ok   %s (%s)", dir, time.Since(start).Round(time.Millisecond))
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d modules failed their tests: %s", len(failed), len(modules), strings.Join(failed, ", "))
	}
	return nil
}

// copyModule copies the module in dir to a new folder to, but for the
// emulator state files a `terraform test` run in dir left there (an
// interrupted one leaves jobs): the tests start on no state.
func copyModule(to, dir string) error {
	if err := os.CopyFS(to, os.DirFS(dir)); err != nil {
		return err
	}
	states, err := stateFiles(to)
	if err != nil {
		return err
	}
	for _, s := range states {
		for _, f := range []string{s, s + ".log", s + ".lock"} {
			if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
	}
	return nil
}

// stateFiles lists the emulator state files under dir, found by their
// .lock.
func stateFiles(dir string) ([]string, error) {
	var states []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".lock") {
			states = append(states, strings.TrimSuffix(p, ".lock"))
		}
		return err
	})
	return states, err
}

// cliEnv writes a CLI configuration whose dev_overrides name providerDir
// and returns the environment of the terraform commands.
func cliEnv(work, providerDir string) ([]string, error) {
	cli, err := devcli.WriteConfig(work, providerDir)
	if err != nil {
		return nil, err
	}
	var env []string
	for _, kv := range os.Environ() {
		// Nothing from the developer's shell reaches the tests.
		if !strings.HasPrefix(kv, "TENCENTCLOUD_") && !strings.HasPrefix(kv, "TF_") {
			env = append(env, kv)
		}
	}
	return append(env, cli...), nil
}

// testModule runs the three steps in dir.
func testModule(dir string, env []string) error {
	if out, err := terraformTest(dir, env); err != nil {
		return fmt.Errorf("terraform test: %w\n%s", err, out)
	}
	if err := expectErrors(dir, env); err != nil {
		return err
	}
	return nothingLeft(dir)
}

func terraformTest(dir string, env []string, args ...string) (string, error) {
	cmd := exec.Command("terraform", append([]string{"test", "-no-color"}, args...)...)
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// expectErrors runs each file of dir/tests/errors alone and checks that it
// fails with the texts it names.
func expectErrors(dir string, env []string) error {
	files, err := filepath.Glob(filepath.Join(dir, "tests", "errors", "*.tftest.hcl"))
	if err != nil {
		return err
	}
	for _, f := range files {
		want, err := expectedTexts(f)
		if err != nil {
			return err
		}
		name := filepath.Base(f)
		out, err := terraformTest(dir, env, "-test-directory=tests/errors", "-filter=tests/errors/"+name)
		var exit *exec.ExitError
		switch {
		case err == nil:
			return fmt.Errorf("tests/errors/%s passed; it must fail:\n%s", name, out)
		case !errors.As(err, &exit):
			return fmt.Errorf("tests/errors/%s: %w", name, err)
		}
		folded := fold(out)
		for _, w := range want {
			if !strings.Contains(folded, fold(w)) {
				return fmt.Errorf("tests/errors/%s failed without %q:\n%s", name, w, out)
			}
		}
		log.Printf("     tests/errors/%s fails as expected (%d texts)", name, len(want))
	}
	return nil
}

// expectedTexts reads the expect_error lines of a test file; a file without
// one is an error (it would pass on any failure).
func expectedTexts(file string) ([]string, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var want []string
	for line := range bytes.Lines(b) {
		if s, ok := strings.CutPrefix(strings.TrimSpace(string(line)), expectPrefix); ok {
			want = append(want, strings.TrimSpace(s))
		}
	}
	if len(want) == 0 {
		return nil, fmt.Errorf("%s names no %q text", file, expectPrefix)
	}
	return want, nil
}

// fold joins every run of white space into one space.
func fold(s string) string { return strings.Join(strings.Fields(s), " ") }

// leftBehind lists the jobs that are not destroyed.
func leftBehind(jobs []emulator.JobSummary) []string {
	var left []string
	for _, j := range jobs {
		// A destroyed job is listed as offlined for a minute of its
		// clock, then disappears, as in DTS.
		if !slices.Contains(offlined, j.TradeStatus) {
			left = append(left, fmt.Sprintf("%s %s %q (%s, %s)", j.Kind, j.JobID, j.JobName, j.Status, j.TradeStatus))
		}
	}
	return left
}

// nothingLeft checks that the emulator state files under dir hold no job.
func nothingLeft(dir string) error {
	states, err := stateFiles(dir)
	if err != nil {
		return err
	}
	if len(states) == 0 {
		return errors.New("the tests used no emulator state file")
	}
	for _, s := range states {
		e, err := emulator.New(emulator.Options{StateFile: s})
		if err != nil {
			return err
		}
		left := leftBehind(e.Jobs(""))
		if err := e.Close(); err != nil {
			return err
		}
		if len(left) > 0 {
			rel, _ := filepath.Rel(dir, s)
			slices.Sort(left)
			return fmt.Errorf("%s holds jobs after the tests: %s", rel, strings.Join(left, ", "))
		}
	}
	return nil
}
