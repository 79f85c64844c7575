package emulator

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// signedRequest builds a DTS request signed with the emulator's own TC3
// implementation (its compatibility with the official SDKs is tested
// elsewhere), for benchmarks that bypass the network.
func signedRequest(action, body string, ts time.Time) *http.Request {
	return signedRequestWith(action, body, ts, testID, testKey)
}

// signedRequestWith is signedRequest with another key pair.
func signedRequestWith(action, body string, ts time.Time, id, key string) *http.Request {
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
	sig := tc3Signature(key, date, "dts", stamp, canonicalRequest(r, signed, []byte(body)))
	r.Header.Set("Authorization", "TC3-HMAC-SHA256 Credential="+id+"/"+date+"/dts/tc3_request, SignedHeaders=content-type;host, Signature="+sig)
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
		if err := e.checkCredentials(x); err != nil {
			b.Fatal(err)
		}
		if err := e.verifySignature(x); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreates measures purchases (CreateMigrationService, one job each)
// per second through the whole handler chain, without a state file and with
// one (every acknowledged purchase is durable), on an empty emulator and on
// one that already holds 500 jobs, by one client and by eight at once. Each
// iteration is a batch of 200 purchases on a fresh emulator (the jobs it holds
// stay as named); the metric is purchases per second of handler time.
func BenchmarkCreates(b *testing.B) {
	for _, bc := range []struct {
		name     string
		persist  bool
		existing int
		clients  int
	}{
		{"memory", false, 0, 1},
		{"memory/500-jobs", false, 500, 1},
		{"state-file", true, 0, 1},
		{"state-file/500-jobs", true, 500, 1},
		{"state-file/500-jobs/8-clients", true, 500, 8},
	} {
		b.Run(bc.name, func(b *testing.B) {
			benchCreates(b, bc.persist, bc.existing, bc.clients)
		})
	}
}

func benchCreates(b *testing.B, persist bool, existing, clients int) {
	const (
		batch  = 200
		create = `{"SrcDatabaseType":"mysql","DstDatabaseType":"mysql","SrcRegion":"ap-guangzhou","DstRegion":"ap-guangzhou","InstanceClass":"small"}`
	)
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	open := func(file string) *Emulator {
		e, err := New(Options{Mode: ModeManual, Credentials: map[string]string{testID: testKey}, WallClock: clock.NewFake(now),
			RateLimit: -1, StateFile: file})
		if err != nil {
			b.Fatal(err)
		}
		return e
	}
	createOne := func(e *Emulator) {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, signedRequest("CreateMigrationService", create, now))
		if !bytes.Contains(rec.Body.Bytes(), []byte("JobIds")) {
			b.Errorf("create: %s", rec.Body)
		}
	}
	// The starting state, built once: a state file, or the jobs to create
	// in memory.
	var template []byte
	if persist {
		file := filepath.Join(b.TempDir(), "template.json")
		e := open(file)
		for range existing {
			createOne(e)
		}
		if err := e.Close(); err != nil {
			b.Fatal(err)
		}
		var err error
		if template, err = os.ReadFile(file); err != nil && existing > 0 {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	b.StopTimer()
	for range b.N {
		file := ""
		if persist {
			file = filepath.Join(b.TempDir(), "state.json")
			if template != nil {
				if err := os.WriteFile(file, template, 0o600); err != nil {
					b.Fatal(err)
				}
			}
		}
		e := open(file)
		if !persist {
			for range existing {
				createOne(e)
			}
		}
		b.StartTimer()
		var wg sync.WaitGroup
		for range clients {
			wg.Go(func() {
				for range batch / clients {
					createOne(e)
				}
			})
		}
		wg.Wait()
		b.StopTimer()
		if err := e.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "creates/s")
}
