package emulator

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/stsapi"
)

// ---- Go administration methods (what the admin HTTP API calls) ----

// JobSummary describes a job of any kind for the administration API.
type JobSummary struct {
	Kind   string // the kind's name: "migration"
	Region string
	JobID  string `json:"JobId"`
	// ParentID is the job a child job belongs to; "" for top-level jobs.
	ParentID    string `json:",omitempty"`
	JobName     string
	Status      string
	TradeStatus string
	// StatusSince and TradeSince are when, on the job clock, the job
	// entered its status and its trade status: the moment of the
	// transition a poller waits for.
	StatusSince time.Time
	TradeSince  time.Time
	Billed      bool
	CreateTime  time.Time
	UpdateTime  time.Time
	Outcome     Outcome
	// Held reports a job frozen by HoldJob.
	Held bool
}

// summarize renders a job of kind k as a JobSummary.
func summarize(k *kind, j job) JobSummary {
	b := j.base()
	s := JobSummary{
		Kind: k.Name, Region: b.Region, JobID: b.JobID, ParentID: b.ParentID, JobName: b.JobName,
		Status: b.Status, TradeStatus: b.Trade, StatusSince: b.StatusSince, TradeSince: b.TradeSince,
		CreateTime: b.CreateTime, UpdateTime: b.UpdateTime,
		Outcome: b.Outcome, Held: b.held(),
	}
	if k.Summarize != nil {
		k.Summarize(j, &s)
	}
	return s
}

// Jobs lists the jobs of every kind in region ("" for every region),
// brought up to the job clock, ordered by region then creation. Listing is
// not a read: it never moves a job in step mode.
func (e *Emulator) Jobs(region string) []JobSummary {
	e.mu.Lock()
	e.evolveAllLocked(e.jobNow())
	var out []JobSummary
	for _, k := range kinds {
		for r, jobs := range e.st.Jobs[k.Name] {
			if region != "" && r != region {
				continue
			}
			for _, j := range jobs {
				out = append(out, summarize(k, j))
			}
		}
	}
	_ = e.unlockAndPersist()
	slices.SortFunc(out, func(a, b JobSummary) int {
		return cmp.Or(cmp.Compare(a.Region, b.Region), a.CreateTime.Compare(b.CreateTime), cmp.Compare(a.JobID, b.JobID))
	})
	return out
}

// ForceStatus puts a job of any kind into a status and/or a billing status
// now ("" leaves one unchanged), as an out-of-band event would; the
// statuses' entry effects (end time, error information, isolation time, …)
// apply, and automatic transitions continue from there.
func (e *Emulator) ForceStatus(region, jobID, status, tradeStatus string) error {
	return e.adminChange(region, jobID, func(k *kind, j job, now time.Time) error {
		if err := k.engine.force(j, status, tradeStatus, now, e.scale); err != nil {
			return err
		}
		j.base().UpdateTime = now
		return nil
	})
}

// SetOutcome scripts how the job's future check and migration end (see
// Outcome).
func (e *Emulator) SetOutcome(region, jobID string, o Outcome) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return e.adminChange(region, jobID, func(k *kind, j job, _ time.Time) error {
		if err := k.checkOutcome(o); err != nil {
			return fmt.Errorf("emulator: %w", err)
		}
		j.base().Outcome = o
		return nil
	})
}

// SetNewJobOutcome scripts the Outcome of every job bought from now on (a
// test that drives a provider does not know the job's ID beforehand); the
// zero Outcome turns it off. Like fault rules it is not persisted, and Reset
// clears it. It panics when the outcome is invalid (Outcome.Validate): it
// is test set-up, and the administration route validates first.
func (e *Emulator) SetNewJobOutcome(o Outcome) {
	if err := o.Validate(); err != nil {
		panic(err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.newJobOutcome = o
}

// NewJobOutcome returns the Outcome jobs bought from now on get.
func (e *Emulator) NewJobOutcome() Outcome {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.newJobOutcome
}

// HoldJob freezes a job (hold true) or releases it (hold false). A held job
// takes no automatic transition and makes no progress — reads, step mode and
// Advance leave it as it is — so that a test can exercise a transition that
// never ends; operations still apply to it. Released, it continues where it
// stopped: the time it was held does not count towards its durations.
func (e *Emulator) HoldJob(region, jobID string, hold bool) error {
	return e.adminChange(region, jobID, func(k *kind, j job, now time.Time) error {
		k.engine.hold(j, hold, now)
		return nil
	})
}

// Isolate isolates a job out of band, as the billing system does:
// reason IsolationOverdue is an isolation for arrears, which
// RecoverMigrateJob refuses to lift (OperationDenied.BizOperationDeniedError);
// IsolationManual is the isolation IsolateMigrateJob makes. The billing
// status becomes isolated at once and a migrating job is stopped. Only
// billed jobs that are not isolated yet can be isolated.
func (e *Emulator) Isolate(region, jobID, reason string) error {
	return e.adminChange(region, jobID, func(k *kind, j job, now time.Time) error {
		if k.Isolate == nil {
			return fmt.Errorf("emulator: %s jobs cannot be isolated", k.Name)
		}
		if err := k.Isolate(j, reason, now, e.scale); err != nil {
			return err
		}
		j.base().UpdateTime = now
		return nil
	})
}

// DeleteJob removes a job of any kind out of band (as if deleted from the
// console), with the jobs that belong to it, so that the next read of it
// answers not found.
func (e *Emulator) DeleteJob(region, jobID string) error {
	return e.adminChange(region, jobID, func(k *kind, j job, _ time.Time) error {
		e.removeJob(k, j)
		return nil
	})
}

// adminChange finds a job of any kind by region and ID, brought up to the
// job clock, applies change to it and saves the state; an error from saving
// is returned, as the change is then not acknowledged.
func (e *Emulator) adminChange(region, jobID string, change func(k *kind, j job, now time.Time) error) error {
	e.mu.Lock()
	now := e.jobNow()
	k, j := e.st.Jobs.lookup(region, jobID)
	if j == nil || !e.evolve(k, j, now) {
		_ = e.unlockAndPersist()
		return fmt.Errorf("%w: %s in region %s", ErrJobNotFound, jobID, region)
	}
	if err := change(k, j, now); err != nil {
		_ = e.unlockAndPersist()
		return err
	}
	e.dirty = true
	return e.unlockAndPersist()
}

// ---- HTTP administration API ----

// serveAdmin answers the administration API, which is unsigned: to local
// programs only, never to web pages (adminRefusal).
func (e *Emulator) serveAdmin(x *exchange) {
	if status, why := adminRefusal(x.r); status != 0 {
		writeAdminError(x.w, status, why)
		return
	}
	x.w.Header().Set("X-TC-RequestId", x.requestID)
	e.admin.ServeHTTP(x.w, x.r)
}

// adminRefusal says why a request may not use the administration API (0
// and "" when it may). A loopback source is not enough: a web page the
// user visits can send requests to 127.0.0.1 — a cross-site POST with
// Content-Type text/plain, or a DNS-rebound name — so the API also wants
// a loopback Host, no browser Origin, and JSON for a body (which a
// cross-site form cannot send without a CORS preflight the API never
// grants).
func adminRefusal(r *http.Request) (int, string) {
	switch {
	case !isLoopback(r.RemoteAddr):
		return http.StatusForbidden, "the administration API answers loopback callers only"
	case !isLoopbackHost(r.Host):
		return http.StatusForbidden, fmt.Sprintf("the administration API answers requests for localhost or a loopback address only, not for Host %q", r.Host)
	case r.Header.Get("Origin") != "":
		return http.StatusForbidden, "the administration API does not answer web pages (the request has an Origin header)"
	case r.ContentLength != 0 && !isJSON(r.Header.Get("Content-Type")):
		return http.StatusUnsupportedMediaType, "the administration API takes a body as Content-Type application/json only"
	}
	return 0, ""
}

func isLoopback(remoteAddr string) bool {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// isLoopbackHost reports whether a Host header names the loopback
// interface: localhost or a loopback address, with or without a port.
func isLoopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// isJSON reports whether a Content-Type is application/json.
func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/json"
}

// adminRoutes lists the administration routes; README.md documents them.
func (e *Emulator) adminRoutes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_emulator/health", e.adminHealth)
	mux.HandleFunc("POST /_emulator/reset", func(w http.ResponseWriter, _ *http.Request) {
		e.Reset()
		writeAdminJSON(w, map[string]any{"Reset": true})
	})
	mux.HandleFunc("POST /_emulator/advance", e.adminAdvance)
	mux.HandleFunc("POST /_emulator/save", func(w http.ResponseWriter, _ *http.Request) {
		if err := e.Save(); err != nil {
			writeAdminError(w, http.StatusInternalServerError, err.Error())
			return
		}
		writeAdminJSON(w, map[string]any{"Saved": e.stateFile != ""})
	})
	mux.HandleFunc("GET /_emulator/jobs", func(w http.ResponseWriter, r *http.Request) {
		jobs := e.Jobs(r.URL.Query().Get("region"))
		if jobs == nil {
			jobs = []JobSummary{}
		}
		writeAdminJSON(w, map[string]any{"Jobs": jobs})
	})
	mux.HandleFunc("POST /_emulator/jobs/{region}/{id}/status", e.adminForceStatus)
	mux.HandleFunc("POST /_emulator/jobs/{region}/{id}/outcome", e.adminOutcome)
	mux.HandleFunc("POST /_emulator/jobs/{region}/{id}/hold", e.adminHold)
	mux.HandleFunc("POST /_emulator/jobs/{region}/{id}/isolate", e.adminIsolate)
	mux.HandleFunc("POST /_emulator/outcome", e.adminNewJobOutcome)
	mux.HandleFunc("DELETE /_emulator/jobs/{region}/{id}", func(w http.ResponseWriter, r *http.Request) {
		if err := e.DeleteJob(r.PathValue("region"), r.PathValue("id")); err != nil {
			writeJobError(w, err)
			return
		}
		writeAdminJSON(w, map[string]any{"Deleted": r.PathValue("id")})
	})
	mux.HandleFunc("GET /_emulator/faults", func(w http.ResponseWriter, _ *http.Request) {
		writeAdminJSON(w, map[string]any{"Faults": e.Faults()})
	})
	mux.HandleFunc("POST /_emulator/faults", e.adminAddFault)
	mux.HandleFunc("DELETE /_emulator/faults", func(w http.ResponseWriter, _ *http.Request) {
		e.ClearFaults()
		writeAdminJSON(w, map[string]any{"Faults": []FaultRule{}})
	})
	mux.HandleFunc("GET /_emulator/journal", func(w http.ResponseWriter, _ *http.Request) {
		writeAdminJSON(w, map[string]any{"Journal": e.Journal()})
	})
	mux.HandleFunc("DELETE /_emulator/journal", func(w http.ResponseWriter, _ *http.Request) {
		e.ClearJournal()
		writeAdminJSON(w, map[string]any{"Journal": []JournalEntry{}})
	})
	mux.HandleFunc("/_emulator/", func(w http.ResponseWriter, _ *http.Request) {
		writeAdminError(w, http.StatusNotFound, "no such administration route; see the emulator's README")
	})
	return mux
}

func (e *Emulator) adminHealth(w http.ResponseWriter, _ *http.Request) {
	e.mu.Lock()
	jobs := e.st.Jobs.count()
	now := e.jobNow()
	e.mu.Unlock()
	dts := implementedActions(dtsapi.Service)
	sort.Strings(dts)
	writeAdminJSON(w, map[string]any{
		"Status":      "ok",
		"Mode":        e.mode,
		"TimeScale":   e.scale,
		"Jitter":      e.jitter,
		"JobClock":    now.Format(time.RFC3339),
		"Jobs":        jobs,
		"Implemented": map[string][]string{dtsapi.Service: dts, stsapi.Service: implementedActions(stsapi.Service)},
	})
}

func (e *Emulator) adminAdvance(w http.ResponseWriter, r *http.Request) {
	var body struct{ Seconds *float64 }
	if !e.readAdminJSON(w, r, &body) {
		return
	}
	if body.Seconds == nil || *body.Seconds < 0 || math.IsNaN(*body.Seconds) || *body.Seconds > 10*365*24*3600 {
		writeAdminError(w, http.StatusBadRequest, `expected {"Seconds": n} with 0 <= n <= 315360000`)
		return
	}
	e.Advance(time.Duration(*body.Seconds * float64(time.Second)))
	writeAdminJSON(w, map[string]any{"JobClock": e.JobClock().Format(time.RFC3339)})
}

func (e *Emulator) adminForceStatus(w http.ResponseWriter, r *http.Request) {
	var body struct{ Status, TradeStatus string }
	if !e.readAdminJSON(w, r, &body) {
		return
	}
	if body.Status == "" && body.TradeStatus == "" {
		writeAdminError(w, http.StatusBadRequest, `expected {"Status": "...", "TradeStatus": "..."} with at least one of them`)
		return
	}
	if err := e.ForceStatus(r.PathValue("region"), r.PathValue("id"), body.Status, body.TradeStatus); err != nil {
		writeJobError(w, err)
		return
	}
	writeAdminJobs(w, e, r.PathValue("region"), r.PathValue("id"))
}

func (e *Emulator) adminOutcome(w http.ResponseWriter, r *http.Request) {
	var o Outcome
	if !e.readAdminJSON(w, r, &o) {
		return
	}
	if err := e.SetOutcome(r.PathValue("region"), r.PathValue("id"), o); err != nil {
		writeJobError(w, err)
		return
	}
	writeAdminJobs(w, e, r.PathValue("region"), r.PathValue("id"))
}

func (e *Emulator) adminNewJobOutcome(w http.ResponseWriter, r *http.Request) {
	var o Outcome
	if !e.readAdminJSON(w, r, &o) {
		return
	}
	if err := o.Validate(); err != nil {
		writeAdminError(w, http.StatusBadRequest, err.Error())
		return
	}
	e.SetNewJobOutcome(o)
	writeAdminJSON(w, map[string]any{"Outcome": o})
}

func (e *Emulator) adminHold(w http.ResponseWriter, r *http.Request) {
	var body struct{ Hold *bool }
	if !e.readAdminJSON(w, r, &body) {
		return
	}
	if body.Hold == nil {
		writeAdminError(w, http.StatusBadRequest, `expected {"Hold": true} or {"Hold": false}`)
		return
	}
	if err := e.HoldJob(r.PathValue("region"), r.PathValue("id"), *body.Hold); err != nil {
		writeJobError(w, err)
		return
	}
	writeAdminJobs(w, e, r.PathValue("region"), r.PathValue("id"))
}

func (e *Emulator) adminIsolate(w http.ResponseWriter, r *http.Request) {
	var body struct{ Reason string }
	if !e.readAdminJSON(w, r, &body) {
		return
	}
	if err := e.Isolate(r.PathValue("region"), r.PathValue("id"), body.Reason); err != nil {
		writeJobError(w, err)
		return
	}
	writeAdminJobs(w, e, r.PathValue("region"), r.PathValue("id"))
}

func (e *Emulator) adminAddFault(w http.ResponseWriter, r *http.Request) {
	var rule FaultRule
	if !e.readAdminJSON(w, r, &rule) {
		return
	}
	if err := rule.Validate(); err != nil {
		writeAdminError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeAdminJSON(w, map[string]any{"Id": e.AddFault(rule)})
}

func writeAdminJobs(w http.ResponseWriter, e *Emulator, region, id string) {
	for _, j := range e.Jobs(region) {
		if j.JobID == id {
			writeAdminJSON(w, j)
			return
		}
	}
	writeAdminError(w, http.StatusNotFound, "the job disappeared")
}

// readAdminJSON decodes a body of one JSON value (at most 1 MiB) into v.
func (e *Emulator) readAdminJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	body, err := e.readWithDeadline(w, io.LimitReader(r.Body, 1<<20))
	if err != nil {
		writeAdminError(w, http.StatusBadRequest, "the body could not be read: "+err.Error())
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err = dec.Decode(v)
	if err == nil {
		if _, next := dec.Token(); next != io.EOF {
			err = errors.New("data after the JSON value")
		}
	}
	if err != nil {
		writeAdminError(w, http.StatusBadRequest, "invalid JSON body: "+err.Error())
		return false
	}
	return true
}

func writeJobError(w http.ResponseWriter, err error) {
	status := http.StatusBadRequest
	if errors.Is(err, ErrJobNotFound) {
		status = http.StatusNotFound
	}
	writeAdminError(w, status, err.Error())
}

func writeAdminJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func writeAdminError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"Error": msg})
}
