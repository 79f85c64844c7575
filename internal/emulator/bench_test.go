package emulator

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// signedRequest builds a DTS request signed with the emulator's own TC3
// implementation (its compatibility with the official SDKs is tested
// elsewhere), for benchmarks that bypass the network.
func signedRequest(action, body string, ts time.Time) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:8900/", bytes.NewReader([]byte(body)))
	r.RemoteAddr = "127.0.0.1:40000"
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-TC-Action", action)
	r.Header.Set("X-TC-Version", dtsapi.Version)
	r.Header.Set("X-TC-Region", testRegion)
	stamp := strconv.FormatInt(ts.Unix(), 10)
	r.Header.Set("X-TC-Timestamp", stamp)
	date := ts.UTC().Format(scopeDateLayout)
	signed := []string{"content-type", "host"}
	sig := tc3Signature(testKey, date, "dts", stamp, canonicalRequest(r, signed, []byte(body)))
	r.Header.Set("Authorization", "TC3-HMAC-SHA256 Credential="+testID+"/"+date+"/dts/tc3_request, SignedHeaders=content-type;host, Signature="+sig)
	return r
}

func BenchmarkDescribeMigrationJobs(b *testing.B) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	e, err := New(Options{Mode: ModeManual, Credentials: map[string]string{testID: testKey}, WallClock: clock.NewFake(now), RateLimit: -1})
	if err != nil {
		b.Fatal(err)
	}
	create := `{"SrcDatabaseType":"mysql","DstDatabaseType":"mysql","SrcRegion":"ap-guangzhou","DstRegion":"ap-guangzhou","InstanceClass":"small","Count":10}`
	for range 100 {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, signedRequest("CreateMigrationService", create, now))
		if !bytes.Contains(rec.Body.Bytes(), []byte("JobIds")) {
			b.Fatalf("create: %s", rec.Body)
		}
	}
	e.Advance(time.Hour)
	if n := len(e.Jobs(testRegion)); n != 1000 {
		b.Fatalf("%d jobs", n)
	}
	body := `{"Limit":100,"Offset":400,"Status":["created","running"],"OrderSeq":"asc"}`
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, signedRequest("DescribeMigrationJobs", body, now))
		if rec.Code != 200 || !bytes.Contains(rec.Body.Bytes(), []byte(`"TotalCount":1000`)) {
			b.Fatalf("list: %d %.200s", rec.Code, rec.Body)
		}
	}
}

func BenchmarkSignatureVerify(b *testing.B) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	e, err := New(Options{Mode: ModeManual, Credentials: map[string]string{testID: testKey}, WallClock: clock.NewFake(now)})
	if err != nil {
		b.Fatal(err)
	}
	body := `{"JobId":"dts-abcdefgh"}`
	r := signedRequest("DescribeMigrationDetail", body, now)
	x := &exchange{r: r, body: []byte(body), timestamp: now.Unix()}
	b.ReportAllocs()
	for b.Loop() {
		if err := e.authenticate(x); err != nil {
			b.Fatal(err)
		}
	}
}
