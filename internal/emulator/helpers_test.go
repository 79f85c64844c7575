package emulator

import (
	"encoding/json"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"

	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

const (
	testID     = "AKIDTEST00000000000000000000000000000"
	testKey    = "TestSecretKey0000000000000000000"
	testRegion = "ap-guangzhou"
)

// harness is one emulator behind a loopback HTTP server, called through the
// official Go SDK's common client, exactly as the provider calls it.
type harness struct {
	t   testing.TB
	emu *Emulator
	srv *httptest.Server
}

// newHarness starts an emulator; unset options default to manual mode, no
// rate limit and the test credentials.
func newHarness(t testing.TB, opts Options) *harness {
	t.Helper()
	if opts.Mode == "" {
		opts.Mode = ModeManual
	}
	if opts.RateLimit == 0 {
		opts.RateLimit = -1
	}
	if opts.Credentials == nil {
		opts.Credentials = map[string]string{testID: testKey}
	}
	emu, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(func() {
		srv.Close()
		_ = emu.Close()
	})
	return &harness{t: t, emu: emu, srv: srv}
}

// summary is the administration summary of a job of the test region.
func (h *harness) summary(id string) JobSummary {
	h.t.Helper()
	for _, j := range h.emu.Jobs(testRegion) {
		if j.JobID == id {
			return j
		}
	}
	h.t.Fatalf("job %s is not listed", id)
	return JobSummary{}
}

// close closes the emulator (saving its state file and releasing its lock),
// as a process does when it stops.
func (h *harness) close() {
	h.t.Helper()
	if err := h.emu.Close(); err != nil {
		h.t.Fatalf("Close: %v", err)
	}
}

// client is an SDK common client for the emulator.
func (h *harness) client(id, key, token, region string) *common.Client {
	prof := profile.NewClientProfile()
	prof.HttpProfile.Endpoint = strings.TrimPrefix(h.srv.URL, "http://")
	prof.HttpProfile.Scheme = "HTTP"
	prof.HttpProfile.ReqTimeout = 10
	prof.DisableRegionBreaker = true
	var cred common.CredentialIface = common.NewCredential(id, key)
	if token != "" {
		cred = common.NewTokenCredential(id, key, token)
	}
	return common.NewCommonClient(cred, region, prof)
}

// send calls service/version/action with params through c and returns the
// Response object's raw JSON.
func send(c *common.Client, service, version, action string, params any) (json.RawMessage, error) {
	req := tchttp.NewCommonRequest(service, version, action)
	if params != nil {
		b, err := json.Marshal(params)
		if err != nil {
			return nil, err
		}
		if err := req.SetActionParameters(b); err != nil {
			return nil, err
		}
	}
	resp := tchttp.NewCommonResponse()
	if err := c.Send(req, resp); err != nil {
		return nil, err
	}
	var env struct{ Response json.RawMessage }
	if err := json.Unmarshal(resp.GetBody(), &env); err != nil {
		return nil, err
	}
	return env.Response, nil
}

// dts calls a DTS action with the test credentials in the test region.
func (h *harness) dts(action string, params any) (json.RawMessage, error) {
	return send(h.client(testID, testKey, "", testRegion), dtsapi.Service, dtsapi.Version, action, params)
}

// mustDTS calls a DTS action and decodes the response into out.
func (h *harness) mustDTS(action string, params, out any) {
	h.t.Helper()
	raw, err := h.dts(action, params)
	if err != nil {
		h.t.Fatalf("%s: %v", action, err)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			h.t.Fatalf("%s: decoding %s: %v", action, raw, err)
		}
	}
}

// create buys jobs and returns their IDs.
func (h *harness) create(params map[string]any) []string {
	h.t.Helper()
	return buy(h, "CreateMigrationService", map[string]any{
		"SrcDatabaseType": "mysql", "DstDatabaseType": "mysql",
		"SrcRegion": testRegion, "DstRegion": testRegion, "InstanceClass": "small",
	}, params, func(r *dtsapi.CreateMigrationServiceResponse) []*string { return r.JobIds })
}

// buy calls a purchase action with defaults overridden by params and
// returns the IDs ids finds in its answer.
func buy[T any](h *harness, action string, defaults, params map[string]any, ids func(*T) []*string) []string {
	h.t.Helper()
	resp := new(T)
	h.mustDTS(action, merged(defaults, params), resp)
	var out []string
	for _, id := range ids(resp) {
		out = append(out, *id)
	}
	return out
}

// merged is base with the members of over added or replaced.
func merged(base, over map[string]any) map[string]any {
	m := make(map[string]any, len(base)+len(over))
	for k, v := range base {
		m[k] = v
	}
	for k, v := range over {
		m[k] = v
	}
	return m
}

// refusal is a request an action must refuse with code, naming names in
// its message.
type refusal struct {
	name   string
	params map[string]any
	code   string
	names  string
}

// wantRefusals calls action with each refusal's parameters, as a subtest.
func (h *harness) wantRefusals(t *testing.T, action string, cases []refusal) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			if msg := wantCode(t, h.call(action, tt.params), tt.code); !strings.Contains(msg, tt.names) {
				t.Fatalf("message %q does not name %s", msg, tt.names)
			}
		})
	}
}

// detail reads a job's detail.
func (h *harness) detail(id string) *dtsapi.DescribeMigrationDetailResponse {
	h.t.Helper()
	var resp dtsapi.DescribeMigrationDetailResponse
	h.mustDTS("DescribeMigrationDetail", map[string]any{"JobId": id}, &resp)
	return &resp
}

// status reads a job's status and trade status through the detail.
func (h *harness) status(id string) (string, string) {
	h.t.Helper()
	d := h.detail(id)
	return *d.Status, *d.TradeInfo.TradeStatus
}

// sdkCode returns the API error code of an SDK error ("" for nil).
func sdkCode(t testing.TB, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var e *tcerr.TencentCloudSDKError
	if !errors.As(err, &e) {
		t.Fatalf("not an SDK error: %v", err)
	}
	return e.GetCode()
}

// wantCode fails unless err is an API error with code and a RequestId, and
// returns its message.
func wantCode(t testing.TB, err error, code string) (message string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got success, want error %s", code)
	}
	var e *tcerr.TencentCloudSDKError
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want API error %s", err, code)
	}
	if e.GetCode() != code {
		t.Fatalf("got error %s (%s), want %s", e.GetCode(), e.GetMessage(), code)
	}
	if e.GetRequestId() == "" {
		t.Fatalf("error %s has no RequestId", code)
	}
	return e.GetMessage()
}

// fakeNow is a fake wall clock at the real time, so that SDK signatures
// (stamped with the real time) are within the allowed skew.
func fakeNow() *clock.Fake {
	return clock.NewFake(time.Now().Truncate(time.Second))
}

// call calls a DTS action with params and decodes nothing; it returns the
// SDK error.
func (h *harness) call(action string, params map[string]any) error {
	_, err := h.dts(action, params)
	return err
}

// mustCall calls a DTS action that must succeed.
func (h *harness) mustCall(action string, params map[string]any) {
	h.t.Helper()
	if err := h.call(action, params); err != nil {
		h.t.Fatalf("%s %v: %v", action, params, err)
	}
}

// jobOp calls an operation that takes only the job's ID.
func (h *harness) jobOp(action, id string) error {
	return h.call(action, map[string]any{"JobId": id})
}

// mustJobOp calls an operation that takes only the job's ID and must succeed.
func (h *harness) mustJobOp(action, id string) {
	h.t.Helper()
	h.mustCall(action, map[string]any{"JobId": id})
}

// Catalog instances the test configurations use (DescribeMigrateDBInstances).
const (
	srcInstance = "cdb-my0001"
	dstInstance = "cdb-my0002"
)

// config is a minimal valid ModifyMigrationJob request for a mysql→mysql job
// of the test region, between two catalog instances.
func config(id, migrateType string) map[string]any {
	endpoint := func(instance string) map[string]any {
		return map[string]any{
			"Region": testRegion, "AccessType": "cdb", "DatabaseType": "mysql", "NodeType": "simple",
			"Info": []map[string]any{{"InstanceId": instance, "User": "dts_user", "Password": "Secret-Pa55"}},
		}
	}
	return map[string]any{
		"JobId":   id,
		"RunMode": "immediate",
		"MigrateOption": map[string]any{
			"DatabaseTable": map[string]any{"ObjectMode": "all"},
			"MigrateType":   migrateType,
		},
		"SrcInfo": endpoint(srcInstance),
		"DstInfo": endpoint(dstInstance),
	}
}

// configure applies ModifyMigrationJob with a minimal configuration.
func (h *harness) configure(id, migrateType string) {
	h.t.Helper()
	h.mustCall("ModifyMigrationJob", config(id, migrateType))
}

// mutate changes a job's stored state in process, for what no action can
// set (a compare task, for example).
func (h *harness) mutate(id string, f func(*migrationJob)) {
	h.t.Helper()
	e := h.emu
	e.mu.Lock()
	j, ok := e.st.Jobs.region(migrationKind, testRegion)[id]
	if ok {
		f(j.(*migrationJob))
		e.touch(migrationKind, j)
		e.dirty = true
	}
	err := e.unlockAndPersist()
	if !ok {
		h.t.Fatalf("no job %s", id)
	}
	if err != nil {
		h.t.Fatal(err)
	}
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
