package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

var (
	_ resource.Resource                   = (*migrationJobResource)(nil)
	_ resource.ResourceWithConfigure      = (*migrationJobResource)(nil)
	_ resource.ResourceWithImportState    = (*migrationJobResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*migrationJobResource)(nil)
	_ resource.ResourceWithValidateConfig = (*migrationJobResource)(nil)
)

// NewMigrationJobResource returns the dts_migration_job resource.
func NewMigrationJobResource() resource.Resource { return &migrationJobResource{} }

type migrationJobResource struct {
	data *providerData
}

// privateToken is the private-state key of the purchase token tag.
const privateToken = "purchase_token"

func (r *migrationJobResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_migration_job"
}

func (r *migrationJobResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.schema(ctx)
}

func (r *migrationJobResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

// job binds the model's job to the client: every call goes to the region of
// the target database, which DTS requires to be the job's region.
func (r *migrationJobResource) job(m *migrationJobModel) *migrationJob {
	region := r.data.region
	if m.DstInfo != nil && m.DstInfo.Region.ValueString() != "" {
		region = m.DstInfo.Region.ValueString()
	}
	return &migrationJob{data: r.data, region: region, id: m.ID.ValueString()}
}

// --- Create ---

func (r *migrationJobResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config migrationJobModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, migrationCreateTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	// The plan-time rules once more, now that every value is known: nothing
	// is bought for a configuration that cannot work.
	if resp.Diagnostics.Append(validateMigration(&config)...); resp.Diagnostics.HasError() {
		return
	}
	if plan.State.ValueString() == stageStopped || plan.InstanceClass.ValueString() == "micro" {
		resp.Diagnostics.AddError("Error creating migration job", "A new job cannot be created stopped or as micro; see the plan's diagnostics.")
		return
	}
	job := r.job(&plan)

	token, err := newPurchaseToken()
	if err != nil {
		resp.Diagnostics.AddError("Error creating migration job", err.Error())
		return
	}
	id, err := r.purchase(ctx, job.region, &plan, token, &resp.Diagnostics)
	if err != nil {
		resp.Diagnostics.Append(errorDiagnostic("creating migration job", "", err, purchaseHint(err)...))
		return
	}
	job.id = id
	plan.ID = types.StringValue(id)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateToken, tokenJSON(token))...)
	// The ID goes to state at once: an interrupted or failed create leaves a
	// tracked (tainted) job, never an orphan that is still billed.
	// A separate copy of the plan: fillUnknowns writes through the nested
	// pointers and slices, which a shallow copy would share with plan.
	var partial migrationJobModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &partial)...)
	partial.ID = plan.ID
	if err := fillUnknowns(ctx, &partial, emptyMigrationModel()); err != nil {
		resp.Diagnostics.AddError("Error creating migration job", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &partial)...)
	tflog.Info(ctx, "migration job bought", map[string]any{"job_id": id, "region": job.region})

	remaining := r.data.budget(timeout)

	if _, err := r.data.waitJob(ctx, job.describe, jobWait{
		Operation: "migration job " + id + " to be created", Pending: []string{dtsapi.MigrationStatusCreating},
		Target: except(migrationAllStatuses, dtsapi.MigrationStatusCreating), NotFoundTolerance: 10,
	}, remaining()); err != nil {
		resp.Diagnostics.Append(errorDiagnostic("creating migration job", id, err))
		return
	}
	if _, err := r.configureAndCheck(ctx, job, &plan, &config, token, remaining()); err != nil {
		resp.Diagnostics.Append(r.failure("creating migration job", id, err))
		return
	}

	started := false
	desired := plan.State.ValueString()
	v, err := job.drive(ctx, driveOptions{
		Desired:        desired,
		RunMode:        plan.RunMode.ValueString(),
		CompleteMode:   optString(plan.CompleteMode),
		ResumeOption:   resumeOption(&plan),
		ApplyRateLimit: r.rateLimitApplier(ctx, job, &plan),
		OnStarted:      func() { started = true },
	}, remaining())
	if err != nil {
		if v != nil && migrationStarted(v.Status) && v.Status != dtsapi.MigrationStatusCreating {
			started = true // e.g. the reply to StartMigrateJob was lost
		}
		if !started || !isInterruption(err) {
			resp.Diagnostics.Append(r.failure("creating migration job", id, err))
			return
		}
		// Once the start is accepted, a timeout or an interrupt must not taint
		// a healthy migration: keep the planned state and warn.
		status := "unknown"
		if v != nil {
			status = v.Status
		}
		resp.Diagnostics.Append(warningDiagnostic("waiting for migration job "+id+" to reach state "+desired, id,
			fmt.Errorf("%w\n\nThe job was started and is %s. It keeps running; the next plan shows whether it still has to reach %q, and apply continues from there", err, status, desired)))
		// The context may be canceled: read the job once more regardless,
		// and if even that fails, keep the plan.
		readCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		final, meta, diags := r.applied(readCtx, job, &plan)
		if diags.HasError() {
			final = &plan
			if err := fillUnknowns(ctx, final, emptyMigrationModel()); err != nil {
				resp.Diagnostics.AddError("Error creating migration job", err.Error())
				return
			}
			meta = jobMeta{token: token}
		}
		resp.Diagnostics.Append(r.saveMeta(ctx, resp.Private, meta)...)
		resp.Diagnostics.Append(resp.State.Set(ctx, final)...)
		return
	}

	final, meta, diags := r.applied(ctx, job, &plan)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	resp.Diagnostics.Append(r.saveMeta(ctx, resp.Private, meta)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, final)...)
}

// purchase buys the job with CreateMigrationService. A purchase is never
// retried blindly: when its reply is lost, the job is looked up by the
// token tag before anything else, so a lost reply never buys twice.
func (r *migrationJobResource) purchase(ctx context.Context, region string, plan *migrationJobModel, token string, diags *diag.Diagnostics) (string, error) {
	request := &dtsapi.CreateMigrationServiceRequest{
		SrcDatabaseType: optString(plan.SrcInfo.DatabaseType),
		DstDatabaseType: optString(plan.DstInfo.DatabaseType),
		SrcRegion:       optString(plan.SrcInfo.Region),
		DstRegion:       ptr(region),
		InstanceClass:   optString(plan.InstanceClass),
		Count:           ptr(uint64(1)),
		JobName:         optString(plan.Name),
		Tags:            jobTags(plan.Tags, token),
	}
	out, err := r.data.client.CreateMigrationService(ctx, region, request)
	if err == nil {
		if len(out.JobIds) != 1 || out.JobIds[0] == nil {
			return "", fmt.Errorf("CreateMigrationService returned %d job IDs for a purchase of one", len(out.JobIds))
		}
		return *out.JobIds[0], nil
	}
	if !client.MayHaveApplied(err) {
		return "", err
	}
	tflog.Warn(ctx, "the purchase reply was lost; looking the job up by its token tag", map[string]any{"region": region})
	// The lookup runs even if the apply was interrupted, and a few times:
	// a job may show up in the list shortly after its purchase.
	lookupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
	defer cancel()
	var jobs []*dtsapi.JobItem
	var lerr error
	for attempt := 0; attempt < 3; attempt++ {
		if attempt > 0 {
			if err := r.data.clock.Sleep(lookupCtx, r.data.poll.Min); err != nil {
				break
			}
		}
		jobs, _, lerr = listMigrationJobs(lookupCtx, r.data, region, &dtsapi.DescribeMigrationJobsRequest{
			TagFilters: []*dtsapi.TagFilter{{TagKey: ptr(tokenTagKey), TagValue: []*string{ptr(token)}}},
		})
		if lerr == nil && len(jobs) > 0 {
			break
		}
	}
	if lerr != nil {
		return "", fmt.Errorf("%w (and looking the job up by its token tag failed too: %w; check the DTS console for a job tagged %s=%s before applying again)", err, lerr, tokenTagKey, token)
	}
	switch len(jobs) {
	case 0:
		return "", err
	case 1:
		diags.AddWarning("Recovered a purchase whose reply was lost",
			fmt.Sprintf("CreateMigrationService failed (%v), but the job it bought was found by its token tag: %s. The provider continues with it.", err, str(jobs[0].JobId)))
		return str(jobs[0].JobId), nil
	default:
		return "", fmt.Errorf("%w: %d jobs carry the token tag %s=%s", err, len(jobs), tokenTagKey, token)
	}
}

func purchaseHint(err error) []string {
	if apiErr, ok := client.AsAPIError(err); ok && client.IsInvalidInput(err) && strings.Contains(apiErr.Message, "InstanceClass") {
		return []string{"DTS accepts only `medium` as instance_class for links it does not bill."}
	}
	return nil
}

func newPurchaseToken() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

func tokenJSON(token string) []byte {
	b, _ := json.Marshal(token)
	return b
}

func readToken(ctx context.Context, getter interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}) string {
	b, _ := getter.GetKey(ctx, privateToken)
	var token string
	_ = json.Unmarshal(b, &token)
	return token
}

// jobTags are the user's tags plus the hidden token tag.
func jobTags(tags map[string]string, token string) []*dtsapi.TagItem {
	var out []*dtsapi.TagItem
	for _, k := range sortedKeys(tags) {
		out = append(out, &dtsapi.TagItem{TagKey: ptr(k), TagValue: ptr(tags[k])})
	}
	if token != "" {
		out = append(out, &dtsapi.TagItem{TagKey: ptr(tokenTagKey), TagValue: ptr(token)})
	}
	return out
}

func resumeOption(m *migrationJobModel) *string {
	if o := optString(m.ResumeOption); o != nil {
		return o
	}
	return ptr("normal")
}

// configureAndCheck sends the whole configuration (secrets from config) with
// ModifyMigrationJob and runs the check.
func (r *migrationJobResource) configureAndCheck(ctx context.Context, job *migrationJob, plan, config *migrationJobModel, token string, timeout time.Duration) (*jobView, error) {
	request, err := configureRequest(ctx, job.id, plan, config, token)
	if err != nil {
		return nil, err
	}
	if _, err := r.data.client.ModifyMigrationJob(ctx, job.region, request); err != nil {
		return nil, err
	}
	return job.check(ctx, plan.SkipCheckSteps, optString(plan.ForeignKeyFlag), timeout)
}

func configureRequest(ctx context.Context, id string, plan, config *migrationJobModel, token string) (*dtsapi.ModifyMigrationJobRequest, error) {
	option, err := expandMigrateOption(ctx, plan.MigrateOption)
	if err != nil {
		return nil, err
	}
	return &dtsapi.ModifyMigrationJobRequest{
		JobId:                     ptr(id),
		RunMode:                   optString(plan.RunMode),
		MigrateOption:             option,
		SrcInfo:                   expandEndpoint(plan.SrcInfo, endpointSecrets(config.SrcInfo)),
		DstInfo:                   expandEndpoint(plan.DstInfo, endpointSecrets(config.DstInfo)),
		JobName:                   optString(plan.Name),
		ExpectRunTime:             expectRunTimeAPI(plan.ExpectRunTime),
		Tags:                      jobTags(plan.Tags, token),
		AutoRetryTimeRangeMinutes: optInt64(plan.AutoRetryTimeRangeMinutes),
	}, nil
}

// rateLimitApplier returns the function that applies a configured rate limit
// once the job runs, or nil when nothing is configured or it already holds.
func (r *migrationJobResource) rateLimitApplier(ctx context.Context, job *migrationJob, plan *migrationJobModel) func(context.Context, *jobView) error {
	request := rateLimitRequest(ctx, job.id, plan)
	if request == nil {
		return nil
	}
	return func(ctx context.Context, v *jobView) error {
		if d, ok := v.Object.(*dtsapi.DescribeMigrationDetailResponse); ok && rateLimitHolds(request, d.RateLimitOption) {
			return nil
		}
		_, err := r.data.client.ModifyMigrateRateLimit(ctx, job.region, request)
		return err
	}
}

// rateLimitRequest is the ModifyMigrateRateLimit call for the values the
// plan knows (those the configuration sets), or nil when it sets none.
func rateLimitRequest(ctx context.Context, id string, plan *migrationJobModel) *dtsapi.ModifyMigrateRateLimitRequest {
	if plan.RateLimit.IsNull() || plan.RateLimit.IsUnknown() {
		return nil
	}
	var want rateLimitModel
	if diags := plan.RateLimit.As(ctx, &want, objectAsOptions); diags.HasError() {
		return nil
	}
	request := &dtsapi.ModifyMigrateRateLimitRequest{
		JobId:        ptr(id),
		DumpThread:   optInt64(want.DumpThread),
		DumpRps:      optInt64(want.DumpRps),
		LoadThread:   optInt64(want.LoadThread),
		LoadRps:      optInt64(want.LoadRps),
		SinkerThread: optInt64(want.SinkerThread),
	}
	if request.DumpThread == nil && request.DumpRps == nil && request.LoadThread == nil && request.LoadRps == nil && request.SinkerThread == nil {
		return nil
	}
	return request
}

func rateLimitHolds(want *dtsapi.ModifyMigrateRateLimitRequest, have *dtsapi.RateLimitOption) bool {
	if have == nil {
		return false
	}
	same := func(w, h *int64) bool { return w == nil || (h != nil && *w == *h) }
	return same(want.DumpThread, have.CurrentDumpThread) && same(want.DumpRps, have.CurrentDumpRps) &&
		same(want.LoadThread, have.CurrentLoadThread) && same(want.LoadRps, have.CurrentLoadRps) &&
		same(want.SinkerThread, have.CurrentSinkerThread)
}

// applied is the state after an apply: the plan, with only its unknown values
// taken from the API.
func (r *migrationJobResource) applied(ctx context.Context, job *migrationJob, plan *migrationJobModel) (*migrationJobModel, jobMeta, diag.Diagnostics) {
	var diags diag.Diagnostics
	// A prior without endpoints: observe everything the API reports, to fill
	// in what the plan left unknown.
	observed, meta, gone, err := r.refresh(ctx, job, &migrationJobModel{ID: plan.ID, State: plan.State, RunMode: plan.RunMode,
		Timeouts: plan.Timeouts, AutoRetryTimeRangeMinutes: plan.AutoRetryTimeRangeMinutes})
	if err != nil || gone {
		if err == nil {
			err = fmt.Errorf("the job disappeared")
		}
		diags.Append(errorDiagnostic("reading migration job "+job.id+" after apply", job.id, err))
		return nil, meta, diags
	}
	final := *plan
	if err := fillUnknowns(ctx, &final, observed); err != nil {
		diags.AddError("Error reading migration job "+job.id, err.Error())
		return nil, meta, diags
	}
	return &final, meta, diags
}

// jobMeta is what the provider keeps about a job in private state: the
// purchase token (to keep the hidden tag on a reconfiguration) and the
// operations DTS allowed at the last read (for plan-time decisions).
type jobMeta struct {
	token   string
	allowed []string
}

const privateAllowed = "allowed_actions"

func (r *migrationJobResource) saveMeta(ctx context.Context, private interface {
	SetKey(context.Context, string, []byte) diag.Diagnostics
}, meta jobMeta) diag.Diagnostics {
	var diags diag.Diagnostics
	if meta.token != "" {
		diags.Append(private.SetKey(ctx, privateToken, tokenJSON(meta.token))...)
	}
	if meta.allowed != nil {
		b, _ := json.Marshal(meta.allowed)
		diags.Append(private.SetKey(ctx, privateAllowed, b)...)
	}
	return diags
}

// readAllowedActions returns the operations DTS allowed at the last read, or
// nil when unknown.
func readAllowedActions(ctx context.Context, private interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}) []string {
	b, _ := private.GetKey(ctx, privateAllowed)
	if len(b) == 0 {
		return nil
	}
	var allowed []string
	if json.Unmarshal(b, &allowed) != nil {
		return nil
	}
	return allowed
}

// failure is the diagnostic of a failed operation: a failed check lists its
// steps, everything else goes through the one error path.
func (r *migrationJobResource) failure(doing, id string, err error) diag.Diagnostic {
	var check *checkFailure
	if errors.As(err, &check) {
		return diagnoseCheck(doing, check)
	}
	var transition *transitionError
	if errors.As(err, &transition) {
		return diag.NewErrorDiagnostic("Error "+doing, transition.Error())
	}
	return errorDiagnostic(doing, id, err)
}

// --- Read ---

func (r *migrationJobResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state migrationJobModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	job := r.job(&state)
	m, meta, gone, err := r.refresh(ctx, job, &state)
	if err != nil {
		resp.Diagnostics.Append(errorDiagnostic("reading migration job", job.id, err))
		return
	}
	if gone {
		resp.Diagnostics.AddWarning("Migration job is gone",
			fmt.Sprintf("Migration job %s no longer exists in %s (deleted or offlined outside Terraform). It is removed from the state; the next apply creates a new one.", job.id, job.region))
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(r.saveMeta(ctx, resp.Private, meta)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// refresh reads the job and builds its model from prior: configured values
// are refreshed, values the configuration left unset stay unset, and a prior
// without endpoints (import) takes everything the API reports. It also
// returns the purchase token found among the job's tags.
func (r *migrationJobResource) refresh(ctx context.Context, job *migrationJob, prior *migrationJobModel) (*migrationJobModel, jobMeta, bool, error) {
	var meta jobMeta
	d, err := job.detail(ctx)
	if migrationGone(err, d) {
		return nil, meta, true, nil
	}
	if err != nil {
		return nil, meta, false, err
	}
	if d.Action != nil {
		meta.allowed = stringList(d.Action.AllowedAction)
	}
	out := *prior
	importing := prior.SrcInfo == nil
	out.ID = stringValue(d.JobId)
	out.Name = stringValue(d.JobName)
	if d.TradeInfo != nil && str(d.TradeInfo.InstanceClass) != "" {
		out.InstanceClass = stringValue(d.TradeInfo.InstanceClass)
	}
	for _, t := range d.Tags {
		if t != nil && str(t.TagKey) == tokenTagKey {
			meta.token = str(t.TagValue)
		}
	}
	// Configured tags are refreshed; tags set outside the configuration show
	// as drift; no tags and none configured stay null.
	out.Tags = nil
	if tags := flattenTags(d.Tags); prior.Tags != nil || len(tags) > 0 {
		out.Tags = tags
	}

	if importing {
		out.SrcInfo = flattenEndpoint(prune(d.SrcInfo), nil)
		out.DstInfo = flattenEndpoint(prune(d.DstInfo), nil)
		out.MigrateOption = flattenMigrateOption(prune(d.MigrateOption))
	} else {
		out.SrcInfo = flattenEndpoint(keepConfigured(expandEndpoint(prior.SrcInfo, nil), d.SrcInfo), prior.SrcInfo)
		out.DstInfo = flattenEndpoint(keepConfigured(expandEndpoint(prior.DstInfo, nil), d.DstInfo), prior.DstInfo)
		option, err := expandMigrateOption(ctx, prior.MigrateOption)
		if err != nil {
			return nil, meta, false, err
		}
		out.MigrateOption = flattenMigrateOption(keepConfigured(option, d.MigrateOption))
	}

	status := str(d.Status)
	running := status == dtsapi.MigrationStatusRunning || status == dtsapi.MigrationStatusReadyComplete
	userSet := d.RateLimitOption != nil && str(d.RateLimitOption.HasUserSetRateLimit) == "yes"
	if prior.RateLimit.IsNull() || prior.RateLimit.IsUnknown() || running || userSet {
		out.RateLimit = flattenRateLimit(d.RateLimitOption)
	}

	if rm := str(d.RunMode); rm != "" {
		out.RunMode = types.StringValue(rm)
	} else if out.RunMode.IsNull() || out.RunMode.IsUnknown() {
		out.RunMode = types.StringValue("immediate")
	}
	out.ExpectRunTime = sameInstant(prior.ExpectRunTime, str(d.ExpectRunTime))

	// The detail has no AutoRetryTimeRangeMinutes and DTS cannot change it
	// after the start: it is read from the list on import only.
	if importing && prior.ID.ValueString() != "" && prior.AutoRetryTimeRangeMinutes.IsNull() && prior.State.IsNull() {
		jobs, _, err := listMigrationJobs(ctx, r.data, job.region, &dtsapi.DescribeMigrationJobsRequest{JobId: ptr(job.id)})
		if err != nil {
			return nil, meta, false, err
		}
		for _, j := range jobs {
			if str(j.JobId) == job.id && j.AutoRetryTimeRangeMinutes != nil && *j.AutoRetryTimeRangeMinutes != 0 {
				out.AutoRetryTimeRangeMinutes = types.Int64Value(*j.AutoRetryTimeRangeMinutes)
			}
		}
	}

	priorState := ""
	if !prior.State.IsNull() && !prior.State.IsUnknown() {
		priorState = prior.State.ValueString()
	}
	trade := ""
	if d.TradeInfo != nil {
		trade = str(d.TradeInfo.TradeStatus)
	}
	out.State = types.StringValue(migrationObservedState(priorState, status, trade, out.RunMode.ValueString()))
	if out.DeletionPolicy.IsNull() || out.DeletionPolicy.IsUnknown() {
		out.DeletionPolicy = types.StringValue(deletionPolicyDelete)
	}
	out.Status = types.StringValue(status)
	out.TradeStatus = types.StringValue(trade)
	out.BriefMsg = stringValue(d.BriefMsg)
	if out.Timeouts.IsNull() || len(out.Timeouts.AttributeTypes(ctx)) == 0 {
		out.Timeouts = timeouts.Value{Object: types.ObjectNull(timeoutsAttrTypes)}
	}
	return &out, meta, false, nil
}

var timeoutsAttrTypes = map[string]attr.Type{"create": types.StringType, "update": types.StringType, "delete": types.StringType}

// sameInstant keeps the configured RFC 3339 text when the API's Beijing time
// names the same instant, so that only a change of meaning is a change.
func sameInstant(prior rfc3339Value, api string) rfc3339Value {
	t, ok := dtsapi.ParseTime(api)
	if !ok {
		return rfc3339Null()
	}
	if p, ok := prior.instant(); ok && p.Equal(t) {
		return prior
	}
	return rfc3339String(t.In(dtsapi.Beijing).Format(time.RFC3339))
}

// emptyMigrationModel is the all-null observation used to fill the unknown
// values of the state written right after the purchase.
func emptyMigrationModel() *migrationJobModel {
	return &migrationJobModel{
		RateLimit:     types.ObjectNull(rateLimitAttrTypes),
		MigrateOption: &migrateOptionModel{Consistency: types.ObjectNull(consistencyAttrTypes)},
		Timeouts:      timeouts.Value{Object: types.ObjectNull(timeoutsAttrTypes)},
	}
}

// --- Update ---

func (r *migrationJobResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state, config migrationJobModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Update(ctx, migrationUpdateTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	job := r.job(&state)
	plan.ID = state.ID
	token := readToken(ctx, req.Private)
	remaining := r.data.budget(timeout)

	changed := plannedChanges(req.State.Raw, req.Plan.Raw, req.Config.Raw)
	err := r.update(ctx, job, &plan, &state, &config, changed, token, remaining, &resp.Diagnostics)
	if err != nil {
		resp.Diagnostics.Append(r.failure("updating migration job", job.id, err))
		// Errors in Update never taint: record what the job is now, so the
		// next plan shows what is left to do.
		if m, _, gone, rerr := r.refresh(ctx, job, &state); rerr == nil && !gone {
			resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
		}
		return
	}
	final, meta, diags := r.applied(ctx, job, &plan)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	resp.Diagnostics.Append(r.saveMeta(ctx, resp.Private, meta)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, final)...)
}

// update makes the changes of a plan, in this order: lift a billing
// isolation, resize, reconfigure (before the start) or rename and change the
// runtime attributes (after it), drive the job to the desired stage, and set
// the rate limit.
func (r *migrationJobResource) update(ctx context.Context, job *migrationJob, plan, state, config *migrationJobModel, changed []string, token string,
	remaining func() time.Duration, diags *diag.Diagnostics) error {
	c, region, id := r.data.client, job.region, ptr(job.id)
	v, err := job.describe(ctx)
	if err != nil {
		return err
	}
	if v, err = job.recoverIfIsolated(ctx, v, remaining()); err != nil {
		return err
	}
	started := migrationStarted(v.Status)
	has := func(prefixes ...string) bool {
		for _, s := range changed {
			for _, prefix := range prefixes {
				if s == prefix || strings.HasPrefix(s, prefix+".") || strings.HasPrefix(s, prefix+"[") {
					return true
				}
			}
		}
		return false
	}

	if has("instance_class") {
		if _, err := c.ModifyMigrateJobSpec(ctx, region, &dtsapi.ModifyMigrateJobSpecRequest{JobId: id, NewInstanceClass: optString(plan.InstanceClass)}); err != nil {
			return err
		}
		if _, err := r.data.waitJob(ctx, job.describe, jobWait{Operation: "migration job " + job.id + " to be resized", Key: byTradeStatus,
			Pending: []string{dtsapi.TradeStatusResizing}, Target: except(migrationAllTrade, dtsapi.TradeStatusResizing)}, remaining()); err != nil {
			return err
		}
	}

	var reconfigure func(ctx context.Context) (*jobView, error)
	configChanged := has("tags", "src_info", "dst_info", "migrate_option", "run_mode", "expect_run_time", "auto_retry_time_range_minutes")
	if !started {
		reconfigure = func(ctx context.Context) (*jobView, error) {
			return r.configureAndCheck(ctx, job, plan, config, token, remaining())
		}
		if configChanged || has("name") || v.Status == dtsapi.MigrationStatusCheckNotPass || v.Status == dtsapi.MigrationStatusCreated {
			// Before the start the whole configuration (and every secret) is
			// sent again and checked again. A failed check leaves the job
			// untainted in checkNotPass.
			if _, err := reconfigure(ctx); err != nil {
				return err
			}
			reconfigure = nil
		}
	} else {
		if has("name") {
			if _, err := c.ModifyMigrateName(ctx, region, &dtsapi.ModifyMigrateNameRequest{JobId: id, JobName: optString(plan.Name)}); err != nil {
				return err
			}
		}
		if options := runtimeOptions(state, plan); len(options) > 0 {
			if _, err := c.ModifyMigrateRuntimeAttribute(ctx, region, &dtsapi.ModifyMigrateRuntimeAttributeRequest{JobId: id, OtherOptions: options}); err != nil {
				return err
			}
		}
		var recorded []string
		for _, s := range changed {
			if s == "expect_run_time" {
				if a, ok := state.ExpectRunTime.instant(); ok {
					if b, ok := plan.ExpectRunTime.instant(); ok && a.Equal(b) {
						continue // the same instant, written another way
					}
				}
			}
			if strings.HasSuffix(s, "_wo_version") || s == "run_mode" || s == "expect_run_time" || s == "auto_retry_time_range_minutes" {
				recorded = append(recorded, s)
			}
		}
		if len(recorded) > 0 {
			diags.AddWarning("Change recorded, not applied",
				fmt.Sprintf("Migration job %s has started, and DTS cannot change %s of a started job. The new value is recorded in the state only; it takes effect if the job is ever replaced.",
					job.id, strings.Join(recorded, ", ")))
		}
	}

	_, err = job.drive(ctx, driveOptions{
		Desired:        plan.State.ValueString(),
		RunMode:        plan.RunMode.ValueString(),
		CompleteMode:   optString(plan.CompleteMode),
		ResumeOption:   resumeOption(plan),
		Reconfigure:    reconfigure,
		ApplyRateLimit: r.rateLimitApplier(ctx, job, plan),
	}, remaining())
	if err != nil {
		return err
	}
	if has("rate_limit") {
		// A changed limit: applied now if the job runs, which is the only
		// time DTS accepts it; a limit that already holds needs nothing.
		apply := r.rateLimitApplier(ctx, job, plan)
		if apply == nil {
			return nil
		}
		v, err := job.describe(ctx)
		if err != nil {
			return err
		}
		if d, ok := v.Object.(*dtsapi.DescribeMigrationDetailResponse); ok && rateLimitHolds(rateLimitRequest(ctx, job.id, plan), d.RateLimitOption) {
			return nil
		}
		if v.Status != dtsapi.MigrationStatusRunning && v.Status != dtsapi.MigrationStatusReadyComplete {
			return fmt.Errorf("rate_limit can change only while the job is running or readyComplete; migration job %s is %s", job.id, v.Status)
		}
		return apply(ctx, v)
	}
	return nil
}

// runtimeOptions are the ModifyMigrateRuntimeAttribute options a started job
// can change: the target's read-only flag and the Redis write mode.
func runtimeOptions(state, plan *migrationJobModel) []*dtsapi.KeyValuePairOption {
	if state.MigrateOption == nil || plan.MigrateOption == nil {
		return nil
	}
	var out []*dtsapi.KeyValuePairOption
	before, after := state.MigrateOption, plan.MigrateOption
	if !after.IsDstReadOnly.IsNull() && !after.IsDstReadOnly.Equal(before.IsDstReadOnly) {
		out = append(out, &dtsapi.KeyValuePairOption{Key: ptr("IsDstReadOnly"), Value: ptr(fmt.Sprint(after.IsDstReadOnly.ValueBool()))})
	}
	if mode, ok := after.ExtraAttr["DstWriteMode"]; ok && mode != before.ExtraAttr["DstWriteMode"] {
		out = append(out, &dtsapi.KeyValuePairOption{Key: ptr("DstWriteMode"), Value: ptr(mode)})
	}
	return out
}

// --- Delete ---

func (r *migrationJobResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state migrationJobModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, migrationDeleteTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	job := r.job(&state)
	if state.DeletionPolicy.ValueString() == deletionPolicyAbandon {
		v, err := job.describe(ctx)
		if client.IsNotFound(err) {
			return
		}
		if err != nil {
			resp.Diagnostics.Append(errorDiagnostic("deleting migration job", job.id, err))
			return
		}
		if migrationStarted(v.Status) {
			resp.Diagnostics.AddWarning("Migration job abandoned",
				fmt.Sprintf("deletion_policy is \"abandon\": migration job %s (%s) is removed from the state and left running in DTS, where it is still billed.", job.id, v.Status))
			return
		}
		tflog.Info(ctx, "the job never started: deleting it despite deletion_policy = abandon", map[string]any{"job_id": job.id})
	}
	if err := r.data.deleteJob(ctx, job.deleter(), timeout); err != nil {
		resp.Diagnostics.Append(errorDiagnostic("deleting migration job", job.id, err))
	}
}

// --- Import ---

func (r *migrationJobResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	region, id, found := strings.Cut(req.ID, ":")
	if !found {
		region, id = r.data.region, req.ID
	}
	if !strings.HasPrefix(id, "dts-") || region == "" {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Expected \"<region>:<job ID>\" or a bare job ID (\"dts-…\", in the provider's region), got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("dst_info").AtName("region"), region)...)
}
