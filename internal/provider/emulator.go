package provider

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
	"github.com/dts-terraform/terraform-provider-dts/internal/waiter"
)

// The emulator setting: the provider serves its own requests from the DTS
// emulator in process (emulator.InProcess) — the handler chain of `make
// emulator`, with the requests encoded and signed by the client as for the
// cloud; only the network hop is skipped. The state lives in state_file,
// which every provider process (one per plan, apply, destroy) opens for one
// request at a time.

type emulatorModel struct {
	StateFile types.String  `tfsdk:"state_file"`
	TimeScale types.Float64 `tfsdk:"time_scale"`
	Seed      types.Int64   `tfsdk:"seed"`
}

// emulatorEndpoint is the endpoint the client signs its requests for (the
// Host header); nothing is sent over the network.
const emulatorEndpoint = "http://localhost"

// minEmulatorPoll is the shortest interval between two reads of a job in
// emulator mode, however small the time scale: each request opens the
// state file.
const minEmulatorPoll = 100 * time.Millisecond

// emulatorExclusive are the settings that make no sense with the emulator:
// where requests go and who signs them.
var emulatorExclusive = []string{
	"endpoint", "sts_endpoint", "secret_id", "secret_key", "security_token", "profile", "use_cvm_role", "cvm_role_name", "assume_role",
}

func emulatorSchema() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "Serve every request from the DTS emulator **inside the provider**, instead of Tencent Cloud: no account, no network, " +
			"no process to start — for testing configurations and modules (`terraform test`) offline. It is the emulator of `make emulator`, " +
			"with the same validation, state machines and deterministic rules (a source `host` ending in `.invalid` fails the check's " +
			"`ConnectDBCheck`, a table named `diff_…` differs in a comparison, see the guide *Test your DTS modules offline*); the requests " +
			"are encoded and signed (with the emulator's fixed credentials) as for the cloud, only the network hop is skipped. " +
			"Terraform starts a provider process for every command, so the jobs live in `state_file`, and their clock keeps running between " +
			"commands. Cannot be combined with `endpoint`, `sts_endpoint`, credentials (`secret_id`, `secret_key`, `security_token`, " +
			"`profile`, `use_cvm_role`, `cvm_role_name`) or `assume_role` (a plan-time error); the credential and endpoint environment " +
			"variables are ignored in this mode, `region` and `" + EnvRegion + "` still apply.",
		Optional: true,
		Attributes: map[string]schema.Attribute{
			"state_file": schema.StringAttribute{
				MarkdownDescription: "File holding the emulator's jobs, e.g. `\"dts-emulator.json\"` (relative to the folder Terraform runs in). " +
					"Created when missing, with `<state_file>.log` and `<state_file>.lock` next to it; its folder must exist and be writable. " +
					"Each request takes its lock for the time it is served, so provider processes that run one after the other, or together " +
					"(two provider configurations), share it; a standalone emulator (`STATE_FILE`) keeps it locked while it runs. " +
					"Delete the files to start afresh.",
				Required:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"time_scale": schema.Float64Attribute{
				MarkdownDescription: fmt.Sprintf("Factor applied to DTS's realistic durations, %g to %g; defaults to 1 (real time). "+
					"`0.001` runs a 100-second check in a tenth of a second. The provider's reads of a job follow the same scale "+
					"(never closer than %s apart). A state file written at another scale keeps its jobs' progress. Provider "+
					"configurations sharing a state file (aliases) should give the same scale: jobs move at the scale of whichever serves a request.",
					emulator.MinTimeScale, float64(emulator.MaxTimeScale), minEmulatorPoll),
				Optional:   true,
				Validators: []validator.Float64{float64validator.Between(emulator.MinTimeScale, emulator.MaxTimeScale)},
			},
			"seed": schema.Int64Attribute{
				MarkdownDescription: "Seed of job IDs and of the spread of durations, for reproducible runs; unset, a random one. " +
					"A state file keeps the seed it was created with (another one is ignored, with a warning).",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
		},
	}
}

// emulatorExclusivity rejects, at plan time, the settings the emulator
// mode cannot use, naming them.
type emulatorExclusivity struct{}

var _ provider.ConfigValidator = emulatorExclusivity{}

func (emulatorExclusivity) Description(context.Context) string {
	return "emulator cannot be combined with " + strings.Join(emulatorExclusive, ", ")
}

func (v emulatorExclusivity) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (emulatorExclusivity) ValidateProvider(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var emu types.Object
	if resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("emulator"), &emu)...); emu.IsNull() {
		return
	}
	var set []string
	for _, name := range emulatorExclusive {
		var v attr.Value
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(name), &v)...)
		if isSet(v) {
			set = append(set, name)
		}
	}
	if len(set) == 0 {
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("emulator"), "emulator cannot be combined with "+strings.Join(set, ", "),
		"The emulator serves the provider's requests inside the provider and signs them with its own credentials: "+
			"an endpoint, credentials or a role to assume would never be used. Remove "+strings.Join(set, ", ")+
			", or remove emulator to call Tencent Cloud.")
}

// isSet: a configured value (unknown counts); use_cvm_role = false does not.
func isSet(v attr.Value) bool {
	if v == nil || v.IsNull() {
		return false
	}
	if b, ok := v.(basetypes.BoolValue); ok && !b.IsUnknown() {
		return b.ValueBool()
	}
	return true
}

// configureEmulator builds the in-process emulator and a client signing for
// it, and returns the client, its poll schedule and what to log.
func (p *dtsProvider) configureEmulator(ctx context.Context, cfg *providerModel, diags *diag.Diagnostics) (*client.Client, waiter.Schedule, string) {
	var m emulatorModel
	at := path.Root("emulator")
	if diags.Append(cfg.Emulator.As(ctx, &m, basetypes.ObjectAsOptions{})...); diags.HasError() {
		return nil, waiter.Schedule{}, ""
	}
	for _, s := range []struct {
		name string
		v    attr.Value
	}{{"state_file", m.StateFile}, {"time_scale", m.TimeScale}, {"seed", m.Seed}} {
		if s.v.IsUnknown() {
			diags.AddAttributeError(at.AtName(s.name), "Unknown provider setting", "The provider's emulator."+s.name+
				" is unknown at plan time: set it from a variable or a value known at plan time.")
		}
	}
	if diags.HasError() {
		return nil, waiter.Schedule{}, ""
	}
	file, err := filepath.Abs(m.StateFile.ValueString())
	if err != nil {
		diags.AddAttributeError(at.AtName("state_file"), "Invalid emulator state file", err.Error())
		return nil, waiter.Schedule{}, ""
	}
	scale := m.TimeScale.ValueFloat64()
	if m.TimeScale.IsNull() {
		scale = 1
	}
	warned := &warnings{}
	inProcess, err := emulator.NewInProcess(ctx, emulator.Options{
		Mode: emulator.ModeRealtime, TimeScale: scale, Seed: m.Seed.ValueInt64(), StateFile: file, Logger: slog.New(warned),
		// The wall clock in production; in tests the provider's fake
		// clock, so jobs advance exactly while the provider waits.
		JobClock: p.opts.Clock,
	})
	if err != nil {
		diags.AddAttributeError(at.AtName("state_file"), "Cannot open the emulator's state file", err.Error())
		return nil, waiter.Schedule{}, ""
	}
	for _, w := range warned.msgs {
		diags.AddAttributeWarning(at, "Emulator state file "+file, w)
	}
	c, err := client.New(client.Config{
		Endpoint:      emulatorEndpoint,
		EndpointFrom:  "the provider's emulator setting (in process, state file " + file + ")",
		Credential:    common.NewCredential(emulator.DefaultSecretID, emulator.DefaultSecretKey),
		RequestClient: "terraform-provider-dts/" + p.opts.Version,
		Transport:     inProcess,
		Clock:         p.opts.Clock,
		Retry:         p.opts.Retry,
		RateLimit:     p.opts.RateLimit,
		Seed:          p.opts.Seed,
	})
	if err != nil {
		diags.AddError("Cannot build the DTS client", err.Error())
		return nil, waiter.Schedule{}, ""
	}
	return c, scaledSchedule(p.opts.Poll, scale), "emulator in process, state file " + file
}

// scaledSchedule is s at the emulator's time scale (never slower than s),
// no interval under minEmulatorPoll.
func scaledSchedule(s waiter.Schedule, scale float64) waiter.Schedule {
	scale = min(scale, 1)
	d := func(v time.Duration) time.Duration { return max(time.Duration(float64(v)*scale), minEmulatorPoll) }
	out := waiter.Schedule{Min: d(s.Min), Max: d(s.Max), Factor: s.Factor}
	if s.Horizon > 0 {
		out.Horizon = d(s.Horizon)
	}
	return out
}

// warnings collects the warnings the emulator logs while it opens its state
// file (a seed or time scale the state file overrides), for diagnostics.
type warnings struct{ msgs []string }

func (w *warnings) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }

func (w *warnings) Handle(_ context.Context, r slog.Record) error {
	msg := r.Message
	r.Attrs(func(a slog.Attr) bool {
		msg += fmt.Sprintf("; %s: %v", a.Key, a.Value)
		return true
	})
	w.msgs = append(w.msgs, msg)
	return nil
}

func (w *warnings) WithAttrs([]slog.Attr) slog.Handler { return w }
func (w *warnings) WithGroup(string) slog.Handler      { return w }
