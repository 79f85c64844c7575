package tfkit

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Attributes more than one job kind has, with the API's rules.

// RateLimit is the `rate_limit` attribute of migration and sync jobs: the
// members of ModifyMigrateRateLimit and ModifySyncRateLimit.
type RateLimit struct {
	DumpThread   types.Int64 `tfsdk:"dump_thread"`
	DumpRps      types.Int64 `tfsdk:"dump_rps"`
	LoadThread   types.Int64 `tfsdk:"load_thread"`
	LoadRps      types.Int64 `tfsdk:"load_rps"`
	SinkerThread types.Int64 `tfsdk:"sinker_thread"`
}

// Limits the definition gives for a rate limit.
const (
	maxThreads       = 16
	maxSinkerThreads = 128
	maxRps           = 50_000_000
)

// RateLimitAttribute is the schema of a RateLimit: Optional and Computed
// (unset values show DTS's current ones), stable in plans.
func RateLimitAttribute(ctx context.Context, desc string) schema.SingleNestedAttribute {
	limit := func(desc string, v ...validator.Int64) schema.Int64Attribute {
		return schema.Int64Attribute{Optional: true, Computed: true, MarkdownDescription: desc, Validators: v,
			PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}}
	}
	return schema.SingleNestedAttribute{
		Optional:            true,
		Computed:            true,
		CustomType:          NewObjectType[RateLimit](ctx),
		MarkdownDescription: desc + " Unset values show DTS's current ones.",
		PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
		Attributes: map[string]schema.Attribute{
			"dump_thread":   limit("Export threads, 1–16.", int64validator.Between(1, maxThreads)),
			"dump_rps":      limit("Export rows per second, 1–50 000 000.", int64validator.Between(1, maxRps)),
			"load_thread":   limit("Import threads, 1–16.", int64validator.Between(1, maxThreads)),
			"load_rps":      limit("Import rows per second, 1–50 000 000.", int64validator.Between(1, maxRps)),
			"sinker_thread": limit("Incremental write threads, 1–128.", int64validator.Between(1, maxSinkerThreads)),
		},
	}
}

// CurrentRateLimit is the rate limit DTS applies now (RateLimitOption's
// Current* members); zero when DTS reports none.
func CurrentRateLimit(r *dtsapi.RateLimitOption) *RateLimit {
	if r == nil {
		r = &dtsapi.RateLimitOption{}
	}
	n := func(p *int64) types.Int64 { return types.Int64Value(Deref(p)) }
	return &RateLimit{DumpThread: n(r.CurrentDumpThread), DumpRps: n(r.CurrentDumpRps), LoadThread: n(r.CurrentLoadThread),
		LoadRps: n(r.CurrentLoadRps), SinkerThread: n(r.CurrentSinkerThread)}
}

// Holds reports whether DTS applies the values want sets.
func (want *RateLimit) Holds(have *RateLimit) bool {
	same := func(w, h types.Int64) bool { return w.IsNull() || w.IsUnknown() || w.Equal(h) }
	return same(want.DumpThread, have.DumpThread) && same(want.DumpRps, have.DumpRps) && same(want.LoadThread, have.LoadThread) &&
		same(want.LoadRps, have.LoadRps) && same(want.SinkerThread, have.SinkerThread)
}

// IsEmpty reports whether want sets nothing.
func (want *RateLimit) IsEmpty() bool {
	for _, v := range []types.Int64{want.DumpThread, want.DumpRps, want.LoadThread, want.LoadRps, want.SinkerThread} {
		if !v.IsNull() && !v.IsUnknown() {
			return false
		}
	}
	return true
}

var (
	rfc3339Pattern     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$`)
	accountRolePattern = regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)
)

// notBlankPattern matches a text with something else than white space.
var notBlankPattern = regexp.MustCompile(`\S`)

// NotBlank rejects a text that is empty or white space only: where the API
// requires a value, DTS reads a blank one as missing (MissingParameter).
func NotBlank() validator.String {
	return stringvalidator.RegexMatches(notBlankPattern, "must not be blank")
}

// RFC3339 validates an RFC 3339 time.
func RFC3339() validator.String {
	return stringvalidator.RegexMatches(rfc3339Pattern, "must be an RFC 3339 time such as 2026-12-01T02:00:00+08:00")
}

// AccountRole is the cross-account role of an endpoint node.
func AccountRole() schema.StringAttribute {
	a := Opt("CAM role used for cross-account access: letters, digits, `-` and `_` only.")
	a.Validators = []validator.String{stringvalidator.RegexMatches(accountRolePattern, "may contain only letters, digits, - and _")}
	return a
}

// AutoRetryMinutes is the `auto_retry_time_range_minutes` attribute.
func AutoRetryMinutes() schema.Int64Attribute {
	return schema.Int64Attribute{Optional: true, Validators: []validator.Int64{autoRetryValidator{}},
		MarkdownDescription: "Minutes during which DTS retries a failed job automatically: 5–720, or 0 for no retry. Fixed once the job has started."}
}

// SkipCheckSteps is the `skip_check_steps` attribute.
func SkipCheckSteps(action string) schema.ListAttribute {
	return schema.ListAttribute{
		Optional:    true,
		ElementType: types.StringType,
		MarkdownDescription: "Check steps to skip (`" + action + "`) when they fail, by `StepId`: " +
			dtsapi.MustEnum("CheckStep.StepId").Describe() + ". `ConnectDBCheck` can never be skipped.",
		Validators: []validator.List{listvalidator.ValueStringsAre(skippableStep{})},
	}
}

// autoRetryValidator accepts 0 (no retry) or 5–720 minutes.
type autoRetryValidator struct{}

func (autoRetryValidator) Description(context.Context) string {
	return "must be 0 (no automatic retry) or between 5 and 720 minutes"
}

func (v autoRetryValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v autoRetryValidator) ValidateInt64(ctx context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if n := req.ConfigValue.ValueInt64(); n != 0 && (n < 5 || n > 720) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid automatic retry range", fmt.Sprintf("Got %d: the value %s.", n, v.Description(ctx)))
	}
}

// skippableStep accepts the check steps DTS reports and can skip.
type skippableStep struct{}

func (skippableStep) Description(context.Context) string {
	return "must be a check step DTS can skip: " + dtsapi.MustEnum("CheckStep.StepId").Describe() + " (not ConnectDBCheck)"
}

func (v skippableStep) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v skippableStep) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	step := req.ConfigValue.ValueString()
	switch {
	case step == dtsapi.CheckStepConnectDB:
		resp.Diagnostics.AddAttributeError(req.Path, "Check step cannot be skipped",
			"ConnectDBCheck can never be skipped: DTS cannot move data without connecting to both databases. Fix the connection settings instead.")
	case !dtsapi.MustEnum("CheckStep.StepId").Has(step):
		resp.Diagnostics.AddAttributeError(req.Path, "Unknown check step", fmt.Sprintf("Got %q: the value %s.", step, v.Description(ctx)))
	}
}

// TagFilter is a `tag_filters` element of a list data source (TagFilter).
type TagFilter struct {
	TagKey   types.String `tfsdk:"tag_key"`
	TagValue []string     `tfsdk:"tag_value"`
}

// TagFiltersAttribute is the `tag_filters` filter of a list data source.
func TagFiltersAttribute() dschema.ListNestedAttribute {
	return dschema.ListNestedAttribute{
		Optional:            true,
		MarkdownDescription: "Only jobs carrying every one of these tags (the filters are AND-ed).",
		NestedObject: dschema.NestedAttributeObject{Attributes: map[string]dschema.Attribute{
			"tag_key": dschema.StringAttribute{Required: true, MarkdownDescription: "Tag key."},
			"tag_value": dschema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Accepted values of the tag; any value when unset."},
		}},
	}
}

// RateLimitView is a RateLimitOption as a data source shows it: the current
// and default rates.
type RateLimitView struct {
	CurrentDumpThread   types.Int64  `tfsdk:"current_dump_thread"`
	DefaultDumpThread   types.Int64  `tfsdk:"default_dump_thread"`
	CurrentDumpRps      types.Int64  `tfsdk:"current_dump_rps"`
	DefaultDumpRps      types.Int64  `tfsdk:"default_dump_rps"`
	CurrentLoadThread   types.Int64  `tfsdk:"current_load_thread"`
	DefaultLoadThread   types.Int64  `tfsdk:"default_load_thread"`
	CurrentLoadRps      types.Int64  `tfsdk:"current_load_rps"`
	DefaultLoadRps      types.Int64  `tfsdk:"default_load_rps"`
	CurrentSinkerThread types.Int64  `tfsdk:"current_sinker_thread"`
	DefaultSinkerThread types.Int64  `tfsdk:"default_sinker_thread"`
	HasUserSetRateLimit types.String `tfsdk:"has_user_set_rate_limit"`
}

// RateLimitViewAttribute is the `rate_limit_option` attribute of a data source.
func RateLimitViewAttribute() dschema.SingleNestedAttribute {
	rl := map[string]dschema.Attribute{"has_user_set_rate_limit": ComputedString("`yes` when a rate limit was set, `no` otherwise.")}
	for _, name := range []string{"dump_thread", "dump_rps", "load_thread", "load_rps", "sinker_thread"} {
		rl["current_"+name] = ComputedInt64("Current " + name + ".")
		rl["default_"+name] = ComputedInt64("Default " + name + ".")
	}
	return ComputedObject("Current and default transfer rates.", rl)
}
