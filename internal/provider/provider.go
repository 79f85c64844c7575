// Package provider is the Terraform provider `dts` for Tencent Cloud DTS: its
// configuration (credentials, endpoint, region) and the list of resources and
// data sources, which live in one package per job kind (internal/service/...)
// over the shared kits (internal/jobkit, internal/tfkit).
package provider

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/providervalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/dts-terraform/terraform-provider-dts/internal/client"
	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/service/compare"
	"github.com/dts-terraform/terraform-provider-dts/internal/service/migration"
	"github.com/dts-terraform/terraform-provider-dts/internal/service/subscription"
	"github.com/dts-terraform/terraform-provider-dts/internal/service/sync"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/waiter"
)

// Environment variables the provider reads.
const (
	EnvRegion        = "TENCENTCLOUD_REGION"
	EnvSecretID      = "TENCENTCLOUD_SECRET_ID"
	EnvSecretKey     = "TENCENTCLOUD_SECRET_KEY"
	EnvSecurityToken = "TENCENTCLOUD_SECURITY_TOKEN"
	EnvProfile       = "TENCENTCLOUD_PROFILE"
	EnvDTSEndpoint   = "TENCENTCLOUD_DTS_ENDPOINT"
	EnvSTSEndpoint   = "TENCENTCLOUD_STS_ENDPOINT"

	// DefaultEndpoint is the public DTS endpoint.
	DefaultEndpoint = "https://dts.tencentcloudapi.com"
)

// DefaultBatchWindow is the longest a read waits for the others of a plan to
// join its list call (it stops waiting once none joins for 50 ms): enough for
// Terraform's ten concurrent reads, short beside a poll interval.
const DefaultBatchWindow = 200 * time.Millisecond

// Options inject what production code takes from the world: tests set the
// endpoint, the clock, the poll schedule and a loopback-only transport (see
// terraform-provider-time for the pattern). The zero value means production.
type Options struct {
	// Version is reported in the RequestClient header.
	Version string
	// Endpoint overrides the configuration and the environment.
	Endpoint string
	// Clock drives every wait and retry; nil means the wall clock.
	Clock clock.Clock
	// Poll is the waiter's schedule; zero means waiter.DefaultSchedule().
	Poll waiter.Schedule
	// BatchWindow is how long a read waits for others to join its list
	// call (jobkit.Batched); zero means DefaultBatchWindow, negative none.
	BatchWindow time.Duration
	// Transport carries every HTTP request (DTS, STS and the CVM instance
	// metadata); nil means the defaults (the metadata never goes through a
	// proxy).
	Transport http.RoundTripper
	// MetadataEndpoint is the CVM instance metadata URL listing the role
	// (use_cvm_role); "" means client.DefaultMetadataEndpoint.
	MetadataEndpoint string
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
	// Retry and RateLimit tune the client; zero values mean its defaults.
	Retry     client.RetryPolicy
	RateLimit float64
	// Seed makes retry jitter reproducible; 0 means time-based.
	Seed int64
}

// New returns the production provider.
func New(version string) func() provider.Provider {
	return NewWithOptions(Options{Version: version})
}

// NewWithOptions returns a provider with injected dependencies.
func NewWithOptions(opts Options) func() provider.Provider {
	if opts.Version == "" {
		opts.Version = "dev"
	}
	if opts.Clock == nil {
		opts.Clock = clock.Real{}
	}
	switch {
	case opts.BatchWindow == 0:
		opts.BatchWindow = DefaultBatchWindow
	case opts.BatchWindow < 0:
		opts.BatchWindow = 0
	}
	if opts.Poll == (waiter.Schedule{}) {
		opts.Poll = waiter.DefaultSchedule()
	}
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	return func() provider.Provider { return &dtsProvider{opts: opts} }
}

var (
	_ provider.Provider                     = (*dtsProvider)(nil)
	_ provider.ProviderWithConfigValidators = (*dtsProvider)(nil)
)

type dtsProvider struct {
	opts Options
}

type providerModel struct {
	Region        types.String `tfsdk:"region"`
	SecretID      types.String `tfsdk:"secret_id"`
	SecretKey     types.String `tfsdk:"secret_key"`
	SecurityToken types.String `tfsdk:"security_token"`
	Profile       types.String `tfsdk:"profile"`
	UseCVMRole    types.Bool   `tfsdk:"use_cvm_role"`
	CVMRoleName   types.String `tfsdk:"cvm_role_name"`
	AssumeRole    types.Object `tfsdk:"assume_role"`
	STSEndpoint   types.String `tfsdk:"sts_endpoint"`
	Endpoint      types.String `tfsdk:"endpoint"`
	Emulator      types.Object `tfsdk:"emulator"`
}

type assumeRoleModel struct {
	RoleArn         types.String `tfsdk:"role_arn"`
	SessionName     types.String `tfsdk:"session_name"`
	SessionDuration types.Int64  `tfsdk:"session_duration"`
	ExternalID      types.String `tfsdk:"external_id"`
}

func (p *dtsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "dts"
	resp.Version = p.opts.Version
}

func (p *dtsProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The `dts` provider manages Tencent Cloud DTS (Data Transfer Service, API 2021-12-06): " +
			"migration jobs, sync jobs, data subscriptions and consistency checks. Requires Terraform 1.11 or later.\n\n" +
			credentialOrder + "\n\n" +
			"The region is the `region` attribute, else `" + EnvRegion + "`, else, when the credentials come from a tccli profile, " +
			"the region of that profile (`~/.tccli/<profile>.configure`).",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				MarkdownDescription: "Default region, e.g. `ap-guangzhou`. Also read from `" + EnvRegion + "`, and, when the credentials " +
					"come from a tccli profile and neither is set, from that profile's `~/.tccli/<profile>.configure`. " +
					"Calls for an existing job go to the job's own region.",
				Optional: true,
			},
			"secret_id": schema.StringAttribute{
				MarkdownDescription: "SecretId of an API key. Also read from `" + EnvSecretID + "` (when neither these attributes nor `profile` are set). " + noWhiteSpace,
				Optional:            true,
				Sensitive:           true,
			},
			"secret_key": schema.StringAttribute{
				MarkdownDescription: "SecretKey of an API key. Also read from `" + EnvSecretKey + "`, together with `" + EnvSecretID + "`. " + noWhiteSpace,
				Optional:            true,
				Sensitive:           true,
			},
			"security_token": schema.StringAttribute{
				MarkdownDescription: "Token of temporary credentials, used with `secret_id` and `secret_key`. Also read from `" + EnvSecurityToken + "`, " +
					"only together with `" + EnvSecretID + "` and `" + EnvSecretKey + "`: a token is used only with the keys it comes with. " + noWhiteSpace,
				Optional:  true,
				Sensitive: true,
			},
			"profile": schema.StringAttribute{
				MarkdownDescription: "Name of a tccli profile whose credentials are read from `~/.tccli/<profile>.credential` (and its region from " +
					"`~/.tccli/<profile>.configure` when `region` and `" + EnvRegion + "` are unset). Also read from `" + EnvProfile + "`. " +
					"Conflicts with `secret_id` / `secret_key`.",
				Optional: true,
			},
			"use_cvm_role": schema.BoolAttribute{
				MarkdownDescription: "Use the CAM role bound to the CVM instance Terraform runs on, when no keys or profile are configured " +
					"(see the order above). Its temporary keys come from the instance metadata service (`" + client.DefaultMetadataEndpoint + "`, " +
					"never through a proxy, " + fmt.Sprint(client.DefaultMetadataTimeout) + " per request) and are renewed before they expire.",
				Optional: true,
			},
			"cvm_role_name": schema.StringAttribute{
				MarkdownDescription: "Name of the CVM instance role; discovered from the instance metadata when unset. " +
					"Requires `use_cvm_role = true` (an error otherwise).",
				Optional: true,
			},
			"assume_role": assumeRoleSchema(),
			"sts_endpoint": schema.StringAttribute{
				MarkdownDescription: "STS endpoint for `assume_role`, an `https://` URL without a path (" + httpOnlyLoopback + "). " +
					"Defaults to `https://sts.tencentcloudapi.com`; also read from `" + EnvSTSEndpoint + "`.",
				Optional:   true,
				Validators: []validator.String{endpointValidator{}},
			},
			"endpoint": schema.StringAttribute{
				MarkdownDescription: "DTS endpoint, an `https://` URL without a path (" + httpOnlyLoopback + "). Defaults to `" + DefaultEndpoint + "`; " +
					"also read from `" + EnvDTSEndpoint + "`. Point it at the DTS emulator (e.g. `http://127.0.0.1:8900`) to try configurations offline.",
				Optional:   true,
				Validators: []validator.String{endpointValidator{}},
			},
			"emulator": emulatorSchema(),
		},
	}
}

// assumeRoleSchema is the schema of the assume_role attribute.
func assumeRoleSchema() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "Assume a CAM role through STS `AssumeRole` with the credentials found above, and use its temporary keys. " +
			"They are renewed before they expire; a renewal that fails once they have expired reports the STS error.",
		Optional: true,
		Attributes: map[string]schema.Attribute{
			"role_arn": schema.StringAttribute{
				MarkdownDescription: "Role to assume, e.g. `qcs::cam::uin/100000000001:roleName/dts-operator`.",
				Required:            true,
			},
			"session_name": schema.StringAttribute{
				MarkdownDescription: "Session name recorded by CAM.",
				Required:            true,
			},
			"session_duration": schema.Int64Attribute{
				MarkdownDescription: "Lifetime of the temporary keys in seconds, 1–43200. Defaults to 7200.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(1, 43200)},
			},
			"external_id": schema.StringAttribute{
				MarkdownDescription: "External ID required by the role's trust policy, if any.",
				Optional:            true,
				Sensitive:           true,
			},
		},
	}
}

// Texts shared by the schema's descriptions.
const (
	credentialOrder = "Credentials come from the first of these sources that is set; the later ones are ignored: " +
		"(1) the provider's `secret_id` and `secret_key` (with `security_token`), or its `profile`; " +
		"(2) the environment: `" + EnvSecretID + "` and `" + EnvSecretKey + "` (with `" + EnvSecurityToken + "`), else `" + EnvProfile + "`; " +
		"(3) the tccli profile `default`, when `~/.tccli/default.credential` exists; " +
		"(4) the CVM instance role, only when `use_cvm_role` is true. " +
		"A tccli profile is read from `~/.tccli/<profile>.credential`. The source that is used must be complete: " +
		"half a key pair, or a token without keys, is an error, as are values that are blank or have white space or line breaks around them."
	noWhiteSpace     = "Must not be blank nor have white space or line breaks around it."
	httpOnlyLoopback = "plain `http://` only for loopback addresses such as the emulator's, since requests carry tokens and database passwords"
)

func (p *dtsProvider) ConfigValidators(context.Context) []provider.ConfigValidator {
	return []provider.ConfigValidator{
		providervalidator.RequiredTogether(path.MatchRoot("secret_id"), path.MatchRoot("secret_key")),
		providervalidator.Conflicting(path.MatchRoot("profile"), path.MatchRoot("secret_id")),
		providervalidator.Conflicting(path.MatchRoot("profile"), path.MatchRoot("secret_key")),
		emulatorExclusivity{},
	}
}

func (p *dtsProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	diags := &resp.Diagnostics
	if diags.Append(req.Config.Get(ctx, &cfg)...); diags.HasError() {
		return
	}
	role := checkConfig(ctx, &cfg, diags)
	if !cfg.Emulator.IsNull() && !cfg.Emulator.IsUnknown() {
		p.configureWithEmulator(ctx, &cfg, resp)
		return
	}
	endpoint := p.endpointSetting(&cfg, diags)
	if diags.HasError() {
		return
	}
	resolved, err := client.ResolveCredential(ctx, client.CredentialSettings{
		SecretID:         cfg.SecretID.ValueString(),
		SecretKey:        cfg.SecretKey.ValueString(),
		SecurityToken:    cfg.SecurityToken.ValueString(),
		Profile:          cfg.Profile.ValueString(),
		UseCVMRole:       cfg.UseCVMRole.ValueBool(),
		CVMRoleName:      cfg.CVMRoleName.ValueString(),
		MetadataEndpoint: p.opts.MetadataEndpoint,
		Transport:        p.opts.Transport,
		Clock:            p.opts.Clock,
		Getenv:           p.opts.Getenv,
	})
	if err != nil {
		diags.AddError("No usable Tencent Cloud credentials", err.Error())
		return
	}
	region := p.region(&cfg, resolved.Profile, diags)
	if diags.HasError() {
		return
	}
	clientCfg := client.Config{
		Endpoint:      endpoint.value,
		EndpointFrom:  endpoint.from,
		Credential:    resolved.Credential,
		RequestClient: "terraform-provider-dts/" + p.opts.Version,
		Transport:     p.opts.Transport,
		Clock:         p.opts.Clock,
		Retry:         p.opts.Retry,
		RateLimit:     p.opts.RateLimit,
		Seed:          p.opts.Seed,
	}
	source := resolved.Source
	if role != nil {
		if clientCfg.Credential = p.assumeRole(ctx, &cfg, role, region, clientCfg, diags); diags.HasError() {
			return
		}
		source += ", then assume_role " + role.RoleArn.ValueString()
	}
	c, err := client.New(clientCfg)
	if err != nil {
		diags.AddError("Cannot build the DTS client", err.Error())
		return
	}
	tflog.Info(ctx, "dts provider configured", map[string]any{"region": region, "endpoint": endpoint.value, "credentials": source})

	env := &jobkit.Env{Client: c, Region: region, Clock: p.opts.Clock, Poll: p.opts.Poll, BatchWindow: p.opts.BatchWindow}
	resp.ResourceData = env
	resp.DataSourceData = env
}

// configureWithEmulator configures the provider to serve its requests from
// the emulator in process (emulator.go).
func (p *dtsProvider) configureWithEmulator(ctx context.Context, cfg *providerModel, resp *provider.ConfigureResponse) {
	diags := &resp.Diagnostics
	region := p.region(cfg, "", diags)
	if diags.HasError() {
		return
	}
	c, poll, source := p.configureEmulator(ctx, cfg, diags)
	if diags.HasError() {
		return
	}
	tflog.Info(ctx, "dts provider configured", map[string]any{"region": region, "endpoint": source})
	env := &jobkit.Env{Client: c, Region: region, Clock: p.opts.Clock, Poll: poll, BatchWindow: p.opts.BatchWindow}
	resp.ResourceData = env
	resp.DataSourceData = env
}

// checkConfig rejects settings that are unknown at plan time and
// cvm_role_name without use_cvm_role, and decodes assume_role (nil when unset).
func checkConfig(ctx context.Context, cfg *providerModel, diags *diag.Diagnostics) *assumeRoleModel {
	unknown := func(p path.Path, v attr.Value) {
		if v.IsUnknown() {
			diags.AddAttributeError(p, "Unknown provider setting", fmt.Sprintf("The provider's %q is unknown at plan time: it depends on a value "+
				"that is only known after apply. Set it from a variable or a value known at plan time.", p.String()))
		}
	}
	for _, a := range []struct {
		name string
		v    attr.Value
	}{
		{"region", cfg.Region}, {"secret_id", cfg.SecretID}, {"secret_key", cfg.SecretKey}, {"security_token", cfg.SecurityToken},
		{"profile", cfg.Profile}, {"use_cvm_role", cfg.UseCVMRole}, {"cvm_role_name", cfg.CVMRoleName},
		{"assume_role", cfg.AssumeRole}, {"endpoint", cfg.Endpoint}, {"sts_endpoint", cfg.STSEndpoint}, {"emulator", cfg.Emulator},
	} {
		unknown(path.Root(a.name), a.v)
	}
	if cfg.CVMRoleName.ValueString() != "" && !cfg.UseCVMRole.IsUnknown() && !cfg.UseCVMRole.ValueBool() {
		diags.AddAttributeError(path.Root("cvm_role_name"), "cvm_role_name without use_cvm_role",
			"cvm_role_name names the CVM role to use, but use_cvm_role is not true, so the role would not be used. "+
				"Set use_cvm_role = true, or remove cvm_role_name.")
	}
	if cfg.AssumeRole.IsNull() || cfg.AssumeRole.IsUnknown() {
		return nil
	}
	var role assumeRoleModel
	if diags.Append(cfg.AssumeRole.As(ctx, &role, basetypes.ObjectAsOptions{})...); diags.HasError() {
		return nil
	}
	at := path.Root("assume_role")
	unknown(at.AtName("role_arn"), role.RoleArn)
	unknown(at.AtName("session_name"), role.SessionName)
	unknown(at.AtName("session_duration"), role.SessionDuration)
	unknown(at.AtName("external_id"), role.ExternalID)
	return &role
}

// setting is a provider setting's value and where it came from, in words
// that follow "from" ("the environment variable TENCENTCLOUD_REGION").
type setting struct{ value, from string }

// pick returns the first of the attribute and the environment variable that
// is set, or def.
func (p *dtsProvider) pick(attrValue types.String, attrName, env string, def setting) setting {
	if v := attrValue.ValueString(); v != "" {
		return setting{v, "the provider attribute " + attrName}
	}
	if v := p.opts.Getenv(env); v != "" {
		return setting{v, "the environment variable " + env}
	}
	return def
}

// checkEndpoint reports an invalid endpoint, naming where it came from.
func checkEndpoint(s setting, attrName, what string, diags *diag.Diagnostics) {
	if _, err := client.ParseEndpoint(s.value); err != nil {
		detail := fmt.Sprintf("%v (set by %s)", err, s.from)
		if s.from == "the provider attribute "+attrName {
			diags.AddAttributeError(path.Root(attrName), "Invalid "+what+" endpoint", detail)
		} else {
			diags.AddError("Invalid "+what+" endpoint", detail)
		}
	}
}

// endpointSetting is the DTS endpoint and where it came from.
func (p *dtsProvider) endpointSetting(cfg *providerModel, diags *diag.Diagnostics) setting {
	s := p.pick(cfg.Endpoint, "endpoint", EnvDTSEndpoint,
		setting{DefaultEndpoint, "the default (set the provider's endpoint or " + EnvDTSEndpoint + " for another)"})
	if p.opts.Endpoint != "" {
		s = setting{p.opts.Endpoint, "the provider's Options.Endpoint"}
	}
	checkEndpoint(s, "endpoint", "DTS", diags)
	return s
}

// region is the region attribute, else TENCENTCLOUD_REGION, else the
// region of the tccli profile the credentials came from.
func (p *dtsProvider) region(cfg *providerModel, profile string, diags *diag.Diagnostics) string {
	s := p.pick(cfg.Region, "region", EnvRegion, setting{})
	missing := "Set the provider's `region` (e.g. \"ap-guangzhou\") or the " + EnvRegion + " environment variable."
	if s.value == "" && profile != "" {
		region, file, err := client.ProfileRegion(profile)
		if err != nil {
			diags.AddAttributeError(path.Root("region"), "Missing region", missing+" Reading the tccli profile's region failed: "+err.Error())
			return ""
		}
		s = setting{region, "region in " + file}
		missing += " " + file + " names no region."
	}
	if s.value == "" {
		diags.AddAttributeError(path.Root("region"), "Missing region", missing)
		return ""
	}
	if err := client.CheckValue(s.from, s.value); err != nil {
		diags.AddAttributeError(path.Root("region"), "Invalid region", err.Error())
		return ""
	}
	return s.value
}

// assumeRole assumes the configured role with base credentials.
func (p *dtsProvider) assumeRole(ctx context.Context, cfg *providerModel, role *assumeRoleModel, region string, clientCfg client.Config, diags *diag.Diagnostics) common.CredentialIface {
	sts := p.pick(cfg.STSEndpoint, "sts_endpoint", EnvSTSEndpoint,
		setting{"", "the default (set the provider's sts_endpoint or " + EnvSTSEndpoint + " for another)"})
	if sts.value != "" {
		if checkEndpoint(sts, "sts_endpoint", "STS", diags); diags.HasError() {
			return nil
		}
	}
	assumed, err := client.AssumeRole(ctx, clientCfg.Credential, client.AssumeRoleSettings{
		RoleArn:         role.RoleArn.ValueString(),
		SessionName:     role.SessionName.ValueString(),
		DurationSeconds: role.SessionDuration.ValueInt64(),
		ExternalID:      role.ExternalID.ValueString(),
		Endpoint:        sts.value,
		EndpointFrom:    sts.from,
		Region:          region,
	}, clientCfg)
	if err != nil {
		diags.Append(tfkit.ErrorDiagnostic("assuming role "+role.RoleArn.ValueString(), "", err))
		return nil
	}
	return assumed
}

func (p *dtsProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		migration.NewResource,
		sync.NewResource,
		compare.NewResource,
		subscription.NewResource,
		subscription.NewGroupResource,
	}
}

func (p *dtsProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		migration.NewJobsDataSource,
		migration.NewJobDataSource,
		migration.NewDBInstancesDataSource,
		sync.NewJobsDataSource,
		sync.NewJobDataSource,
		compare.NewTasksDataSource,
		compare.NewReportDataSource,
		subscription.NewSubscriptionsDataSource,
		subscription.NewSubscriptionDataSource,
		subscription.NewGroupsDataSource,
		subscription.NewOffsetsDataSource,
	}
}

// endpointValidator rejects anything but an https:// URL without a path
// (http:// for loopback addresses), at plan time.
type endpointValidator struct{}

func (endpointValidator) Description(context.Context) string {
	return "must be an https:// URL without a path (http:// only for loopback addresses)"
}

func (v endpointValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (endpointValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := client.ParseEndpoint(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid endpoint", err.Error())
	}
}
