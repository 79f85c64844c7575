package acctest

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

// SecretTrace prepares a test whose Terraform working directories and trace
// log are kept for NoSecretOnDisk, and returns the directory and the log.
func SecretTrace(t *testing.T) (dir, logPath string) {
	dir = t.TempDir()
	logPath = filepath.Join(dir, "trace.log")
	t.Setenv("TF_ACC_TEMP_DIR", dir)
	t.Setenv("TF_ACC_PERSIST_WORKING_DIR", "1")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_LOG", "TRACE")
	return dir, logPath
}

// NoSecretOnDisk fails t if anything Terraform wrote under dir — state
// files, saved plans (zip files), the trace log — holds secret. The
// configuration files and the variables file are the user's input and are
// skipped. The trace log must show action, or the scan proves nothing.
func NoSecretOnDisk(t *testing.T, dir, logPath, secret, action string) {
	t.Helper()
	scanned := map[string]int{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := d.Name()
		if strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tfvars.json") ||
			strings.Contains(path, string(filepath.Separator)+".terraform"+string(filepath.Separator)) {
			return nil
		}
		contents, isPlan, err := fileContents(path)
		if err != nil {
			return err
		}
		switch {
		case isPlan:
			scanned["plan"]++
		case strings.HasPrefix(name, "terraform.tfstate"):
			scanned["state"]++
		case path == logPath:
			scanned["log"]++
		}
		for _, c := range contents {
			if bytes.Contains(c, []byte(secret)) {
				t.Errorf("the secret appears in %s", path)
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
	if log, _ := os.ReadFile(logPath); !bytes.Contains(log, []byte(action)) { // "" : any log
		t.Fatalf("the trace log does not show %s; it proves nothing", action)
	}
}

// fileContents reads a file, or the files inside it when it is a zip
// archive (a saved plan).
func fileContents(path string) (contents [][]byte, isZip bool, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, false, err
	}
	if !bytes.HasPrefix(b, []byte("PK\x03\x04")) { // not a zip archive: the file itself
		return [][]byte{b}, false, nil
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, true, err
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, true, err
		}
		inner, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, true, err
		}
		contents = append(contents, inner)
	}
	return contents, true, nil
}

// SecretScan is a test that searches everything a run leaves for secret
// values: every plan and state as `terraform show -json` prints them, the
// files Terraform wrote (state, saved plans, the TRACE log, which holds the
// provider's log), the emulator's journal and the emulator's own log.
type SecretScan struct {
	Env *Env
	// Secrets are the values searched for, by a name for the messages.
	Secrets map[string]string

	t        *testing.T
	dir, log string
	emuLog   *lockedBuffer
}

// NewSecretScan starts the test's emulator with its debug log kept and
// turns on Terraform's TRACE log and persisted working directories. The
// test cannot be parallel (it sets environment variables).
func NewSecretScan(t *testing.T, secrets map[string]string, opts ...Option) *SecretScan {
	s := &SecretScan{Secrets: secrets, t: t, emuLog: &lockedBuffer{}}
	s.dir, s.log = SecretTrace(t)
	logger := slog.New(slog.NewTextHandler(s.emuLog, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s.Env = New(t, append([]Option{func(o *emulator.Options) { o.Logger = logger }}, opts...)...)
	return s
}

// PlanChecks fail the test when a plan shows a secret.
func (s *SecretScan) PlanChecks() resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{PlanFunc(func(p *tfjson.Plan) error {
		s.search("the plan (terraform show -json)", p)
		return nil
	})}}
}

// StateChecks fail the test when the state shows a secret.
func (s *SecretScan) StateChecks() []statecheck.StateCheck {
	return []statecheck.StateCheck{StateFunc(func(st *tfjson.State) error {
		s.search("the state (terraform show -json)", st)
		return nil
	})}
}

func (s *SecretScan) search(where string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		s.t.Errorf("%s: %v", where, err)
	}
	for _, name := range slices.Sorted(maps.Keys(s.Secrets)) {
		if bytes.Contains(b, []byte(s.Secrets[name])) {
			s.t.Errorf("%s appears in %s", name, where)
		}
	}
}

// Verify searches what the run left, after the test case. sentBy names,
// per secret, the action whose journaled parameters must carry the
// secret's hash — proof that it reached DTS, or the scan proves nothing.
// A secret with no action (a signing key never travels) is only searched.
func (s *SecretScan) Verify(sentBy map[string]string) {
	t := s.t
	t.Helper()
	journal := s.Env.Emulator.Journal()
	for _, name := range slices.Sorted(maps.Keys(s.Secrets)) {
		secret := s.Secrets[name]
		NoSecretOnDisk(t, s.dir, s.log, secret, "dts: Tencent Cloud API call") // the provider's own log is in the trace
		b, _ := json.Marshal(journal)
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("%s appears in the emulator's journal", name)
		}
		if bytes.Contains(s.emuLog.Bytes(), []byte(secret)) {
			t.Errorf("%s appears in the emulator's log", name)
		}
		action := sentBy[name]
		if action == "" {
			continue
		}
		sum := sha256.Sum256([]byte(secret))
		hash := []byte("sha256:" + hex.EncodeToString(sum[:]))
		if !slices.ContainsFunc(journal, func(e emulator.JournalEntry) bool {
			return e.Action == action && e.Code == "" && bytes.Contains(e.Parameters, hash)
		}) {
			t.Errorf("%s never reached DTS: no %s carried it", name, action)
		}
	}
	if !bytes.Contains(s.emuLog.Bytes(), []byte("request")) {
		t.Errorf("the emulator's log is empty; searching it proves nothing")
	}
}

// lockedBuffer is a bytes.Buffer safe for the emulator's concurrent
// handlers.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) Bytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bytes.Clone(l.b.Bytes())
}
