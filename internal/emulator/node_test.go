package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// nodeSDKVersion is the pinned version of the official Node.js SDK the test
// installs (outside the repository) to check the emulator against a second,
// independent signer.
const nodeSDKVersion = "4.1.313"

// nodeSDKDir returns a folder holding node_modules/tencentcloud-sdk-nodejs,
// installing it with npm into the user cache when missing. The test skips
// only when npm or node is absent.
func nodeSDKDir(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: skipping the Node.js SDK test (CI has it)", tool)
		}
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "terraform-provider-dts", "tencentcloud-sdk-nodejs-"+nodeSDKVersion)
	marker := filepath.Join(dir, "node_modules", "tencentcloud-sdk-nodejs", "package.json")
	if _, err := os.Stat(marker); err == nil {
		return dir
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	// Install into a scratch folder, then rename: a failed or concurrent
	// install never leaves a half-populated cache behind.
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".install-*") //nolint:usetesting // beside the cache, for an atomic rename
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", "install", "--prefix", tmp, "--no-audit", "--no-fund", "--no-save",
		"--loglevel=error", "tencentcloud-sdk-nodejs@"+nodeSDKVersion)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("npm install tencentcloud-sdk-nodejs@%s: %v\n%s", nodeSDKVersion, err, out.String())
	}
	if err := os.Rename(tmp, dir); err != nil && !errors.Is(err, fs.ErrExist) {
		if _, statErr := os.Stat(marker); statErr != nil {
			t.Fatalf("installing the Node.js SDK into %s: %v", dir, err)
		}
	}
	return dir
}

type nodeResult struct {
	OK        bool            `json:"ok"`
	Response  json.RawMessage `json:"response"`
	Code      string          `json:"code"`
	Message   string          `json:"message"`
	RequestID string          `json:"requestId"`
}

func runNode(t *testing.T, sdkDir, port, secretID, secretKey, action string, params any, env ...string) nodeResult {
	t.Helper()
	p, err := json.Marshal(params)
	if err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs("testdata/node_sdk_call.js")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", script)
	cmd.Env = append(os.Environ(),
		"SDK_DIR="+sdkDir, "EMULATOR_PORT="+port, "SECRET_ID="+secretID, "SECRET_KEY="+secretKey,
		"REGION="+testRegion, "ACTION="+action, "PARAMS="+string(p),
		// The agent routes connections itself; no proxy may intercept them.
		"http_proxy=", "HTTP_PROXY=", "https_proxy=", "HTTPS_PROXY=")
	cmd.Env = append(cmd.Env, env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s: %v\n%s", action, err, stderr.String())
	}
	var r nodeResult
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("node %s printed %q: %v\n%s", action, out, err, stderr.String())
	}
	return r
}

// nodeHarness is the Node.js SDK's folder, and a step-mode emulator with its
// port.
func nodeHarness(t *testing.T) (sdk string, h *harness, port string) {
	t.Helper()
	sdk = nodeSDKDir(t)
	h = newHarness(t, Options{Mode: ModeStep})
	u, err := url.Parse(h.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return sdk, h, u.Port()
}

func TestNodeSDKSignedRequestsAreAccepted(t *testing.T) {
	sdk, h, port := nodeHarness(t)

	created := runNode(t, sdk, port, testID, testKey, "CreateMigrationService", map[string]any{
		"SrcDatabaseType": "mysql", "DstDatabaseType": "mysql", "SrcRegion": testRegion, "DstRegion": testRegion,
		"InstanceClass": "small", "JobName": "from-node",
	})
	if !created.OK {
		t.Fatalf("CreateMigrationService through the Node.js SDK: %s %s", created.Code, created.Message)
	}
	listed := runNode(t, sdk, port, testID, testKey, "DescribeMigrationJobs", map[string]any{"JobName": "from-node"})
	if !listed.OK {
		t.Fatalf("DescribeMigrationJobs through the Node.js SDK: %s %s", listed.Code, listed.Message)
	}
	var list struct {
		TotalCount int
		RequestId  string
		JobList    []struct{ JobId, JobName string }
	}
	if err := json.Unmarshal(listed.Response, &list); err != nil {
		t.Fatal(err)
	}
	if list.TotalCount != 1 || list.JobList[0].JobName != "from-node" || list.RequestId == "" {
		t.Fatalf("unexpected list %s", listed.Response)
	}

	// The signature is really checked: a wrong key fails, with the API code.
	bad := runNode(t, sdk, port, testID, "wrong-key", "DescribeMigrationJobs", map[string]any{})
	if bad.OK || bad.Code != codeSignatureFailure || bad.RequestID == "" {
		t.Fatalf("wrong key through the Node.js SDK: %+v", bad)
	}
	for _, e := range h.emu.Journal() {
		if e.Service != "dts" {
			t.Errorf("journal entry %+v: the Node.js SDK's service should be dts", e)
		}
	}
}

// TestNodeSDKGetAndFormRequests: the Node.js SDK's GET (TC3, parameters in
// the query string) and its signature v1 (HmacSHA1 and HmacSHA256; a POST is
// then form-encoded), with nested lists flattened as the SDK flattens them.
func TestNodeSDKGetAndFormRequests(t *testing.T) {
	sdk, h, port := nodeHarness(t)
	purchase := map[string]any{
		"SrcDatabaseType": "mysql", "DstDatabaseType": "mysql", "SrcRegion": testRegion, "DstRegion": testRegion,
		"InstanceClass": "small", "JobName": "flattened", "Count": 2,
		"Tags": []map[string]any{{"TagKey": "env", "TagValue": "dev"}, {"TagKey": "team", "TagValue": "a&b c"}},
	}
	list := map[string]any{"JobName": "flattened", "Status": []string{"creating", "created"},
		"TagFilters": []map[string]any{{"TagKey": "team", "TagValue": []string{"a&b c"}}}, "Limit": 10}
	for _, tc := range []struct{ method, sign string }{
		{"GET", "TC3-HMAC-SHA256"}, {"POST", "HmacSHA256"}, {"GET", "HmacSHA1"}, {"GET", "HmacSHA256"},
	} {
		env := []string{"REQ_METHOD=" + tc.method, "SIGN_METHOD=" + tc.sign}
		if r := runNode(t, sdk, port, testID, testKey, "CreateMigrationService", purchase, env...); !r.OK {
			t.Fatalf("%s %s purchase: %s %s", tc.method, tc.sign, r.Code, r.Message)
		}
		r := runNode(t, sdk, port, testID, testKey, "DescribeMigrationJobs", list, env...)
		var got struct{ TotalCount int }
		if !r.OK || json.Unmarshal(r.Response, &got) != nil || got.TotalCount == 0 {
			t.Fatalf("%s %s list: %+v", tc.method, tc.sign, r)
		}
		if bad := runNode(t, sdk, port, testID, "wrong-key", "DescribeMigrationJobs", list, env...); bad.OK || bad.Code != codeSignatureFailure {
			t.Fatalf("%s %s with a wrong key: %+v", tc.method, tc.sign, bad)
		}
	}
	if n := len(h.emu.Jobs("")); n != 8 {
		t.Fatalf("%d jobs bought, want 8", n)
	}
}
