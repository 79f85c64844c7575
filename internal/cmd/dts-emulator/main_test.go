package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func start(t *testing.T, env map[string]string, args ...string) (url string, stdout, stderr *syncBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	getenv := func(k string) string { return env[k] }
	go func() { done <- run(ctx, args, getenv, stdout, stderr, ready) }()
	select {
	case url = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("run: %v\n%s", err, stderr)
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("the emulator did not start")
	}
	var once sync.Once
	stop = func() error {
		var err error
		once.Do(func() {
			cancel()
			err = <-done
		})
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return url, stdout, stderr, stop
}

func createJob(t *testing.T, url, id, key string) (string, error) {
	t.Helper()
	prof := profile.NewClientProfile()
	prof.HttpProfile.Endpoint = strings.TrimPrefix(url, "http://")
	prof.HttpProfile.Scheme = "HTTP"
	c := common.NewCommonClient(common.NewCredential(id, key), "ap-guangzhou", prof)
	req := tchttp.NewCommonRequest("dts", "2021-12-06", "CreateMigrationService")
	if err := req.SetActionParameters(`{"SrcDatabaseType":"mysql","DstDatabaseType":"mysql","SrcRegion":"ap-guangzhou","DstRegion":"ap-guangzhou","InstanceClass":"small"}`); err != nil {
		t.Fatal(err)
	}
	resp := tchttp.NewCommonResponse()
	if err := c.Send(req, resp); err != nil {
		return "", err
	}
	var out struct{ Response struct{ JobIds []string } }
	if err := json.Unmarshal(resp.GetBody(), &out); err != nil || len(out.Response.JobIds) != 1 {
		t.Fatalf("create: %s %v", resp.GetBody(), err)
	}
	return out.Response.JobIds[0], nil
}

func TestRunServesSavesAndRestarts(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	env := map[string]string{
		"LISTEN": "127.0.0.1:0", "TENCENTCLOUD_SECRET_ID": "AKIDcmdtest", "TENCENTCLOUD_SECRET_KEY": "cmd-test-key",
		"STATE_FILE": state, "MODE": "manual", "SEED": "4",
	}
	url, stdout, stderr, stop := start(t, env)
	if want := "DTS emulator listening on " + url + "\n"; stdout.String() != want {
		t.Fatalf("stdout %q, want %q", stdout.String(), want)
	}
	id, err := createJob(t, url, "AKIDcmdtest", "cmd-test-key")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := createJob(t, url, "AKIDcmdtest", "wrong"); err == nil {
		t.Fatal("a wrong key was accepted")
	}
	if err := stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if strings.Contains(stderr.String(), "cmd-test-key") {
		t.Fatal("the log holds the secret key")
	}
	if !strings.Contains(stderr.String(), "mode=manual time_scale=1 seed=4") {
		t.Fatalf("the start line does not say the settings in use:\n%s", stderr.String())
	}
	b, err := os.ReadFile(state)
	if err != nil || !strings.Contains(string(b), id) {
		t.Fatalf("state file after shutdown: %v", err)
	}

	// Restarted on the same file, the job is still there.
	url, _, _, _ = start(t, env)
	resp, err := http.Get(url + "/_emulator/jobs")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var jobs struct{ Jobs []struct{ JobId string } }
	if err := json.NewDecoder(resp.Body).Decode(&jobs); err != nil || len(jobs.Jobs) != 1 || jobs.Jobs[0].JobId != id {
		t.Fatalf("jobs after restart: %+v %v", jobs, err)
	}
}

// TestUnwritableStateFileStopsTheStart: the emulator refuses to start on a
// state file it cannot write, instead of acknowledging changes it loses.
func TestUnwritableStateFileStopsTheStart(t *testing.T) {
	env := map[string]string{"LISTEN": "127.0.0.1:0", "STATE_FILE": "/nonexistent/x.state"}
	var stdout bytes.Buffer
	err := run(context.Background(), nil, func(k string) string { return env[k] }, &stdout, &bytes.Buffer{}, nil)
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/x.state") || stdout.Len() != 0 {
		t.Fatalf("run on an unwritable state file: %v, stdout %q", err, stdout.String())
	}
}

func TestDefaultsAndFlags(t *testing.T) {
	c, err := parseConfig(nil, func(string) string { return "" }, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if c.listen != "127.0.0.1:8900" || c.secretID == "" || c.timeScale != 1 || c.mode != "realtime" || c.stateFile != "" {
		t.Fatalf("defaults: %+v", c)
	}
	env := map[string]string{"LISTEN": "127.0.0.1:1", "TIME_SCALE": "0.5"}
	c, err = parseConfig([]string{"-listen", "127.0.0.1:2", "-mode", "step"}, func(k string) string { return env[k] }, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if c.listen != "127.0.0.1:2" || c.timeScale != 0.5 || c.mode != "step" {
		t.Fatalf("flags over environment: %+v", c)
	}
	for _, bad := range []map[string]string{{"TIME_SCALE": "0"}, {"TIME_SCALE": "fast"}, {"SEED": "x"}, {"RATE_LIMIT": "many"}, {"JITTER": "lots"}} {
		if _, err := parseConfig(nil, func(k string) string { return bad[k] }, &bytes.Buffer{}); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	if _, err := parseConfig([]string{"extra"}, func(string) string { return "" }, &bytes.Buffer{}); err == nil {
		t.Error("a positional argument was accepted")
	}
	for _, bad := range []map[string]string{{"MODE": "turbo"}, {"TIME_SCALE": "20000"}} {
		bad["LISTEN"] = "127.0.0.1:0"
		if err := run(context.Background(), nil, func(k string) string { return bad[k] }, &bytes.Buffer{}, &bytes.Buffer{}, nil); err == nil {
			t.Errorf("%v was accepted", bad)
		}
	}
}
