package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Plan-time rules of dts_migration_job: the cross-field rules of the
// configuration (ValidateConfig) and what an update can do in place
// (ModifyPlan).

func (r *migrationJobResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m migrationJobModel
	if diags := req.Config.Get(ctx, &m); diags.HasError() {
		return // unknown values: validated again at apply
	}
	for _, side := range []struct {
		name string
		e    *endpointModel
	}{{"src_info", m.SrcInfo}, {"dst_info", m.DstInfo}} {
		validateEndpoint(path.Root(side.name), side.e, resp)
	}
	if m.RunMode.ValueString() == "timed" && m.ExpectRunTime.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("expect_run_time"), "Missing start time",
			"run_mode = \"timed\" needs expect_run_time, the RFC 3339 time at which DTS starts the job.")
	}
	if !m.ResumeOption.IsUnknown() {
		option := m.ResumeOption.ValueString()
		switch redis := isRedis(&m); {
		case redis && (option == "" || option == "normal"):
			resp.Diagnostics.AddAttributeError(path.Root("resume_option"), "Redis jobs must choose how to resume",
				"For a Redis link, set resume_option to \"clearData\" (clear the target's data) or \"overwrite\" (write over it): DTS does not accept \"normal\" for Redis.")
		case !redis && option != "" && option != "normal":
			resp.Diagnostics.AddAttributeError(path.Root("resume_option"), "Invalid resume option",
				fmt.Sprintf("%q applies to Redis links only; other links resume with \"normal\".", option))
		}
	}
	if !m.ForeignKeyFlag.IsNull() && !slices.Contains(m.SkipCheckSteps, "ConstraintCheck") {
		resp.Diagnostics.AddAttributeWarning(path.Root("foreign_key_flag"), "foreign_key_flag has no effect",
			"foreign_key_flag is sent with SkipCheckItem only when skip_check_steps contains \"ConstraintCheck\".")
	}
}

// validateEndpoint applies the documented requirements of each access type.
func validateEndpoint(at path.Path, e *endpointModel, resp *resource.ValidateConfigResponse) {
	if e == nil || e.AccessType.IsUnknown() {
		return
	}
	access := e.AccessType.ValueString()
	missing := func(i int, attr, why string) {
		resp.Diagnostics.AddAttributeError(at.AtName("info").AtListIndex(i).AtName(attr), "Missing "+attr, why)
	}
	if access == "ccn" && e.DatabaseNetEnv.IsNull() {
		resp.Diagnostics.AddAttributeError(at.AtName("database_net_env"), "Missing database_net_env",
			"access_type \"ccn\" needs database_net_env: \"UserIDC\" (your data center) or \"TencentVPC\".")
	}
	tdsql := e.DatabaseType.ValueString() == "tdsqlmysql"
	for i, n := range e.Info {
		isNull := func(v interface{ IsNull() bool }) bool { return v.IsNull() }
		switch access {
		case "cdb":
			if isNull(n.InstanceID) {
				missing(i, "instance_id", "access_type \"cdb\" (a cloud database) needs the instance's ID.")
			}
		case "extranet", "ipv6", "cvm", "vpc", "dcg", "vpncloud", "ccn", "intranet":
			if isNull(n.Host) {
				missing(i, "host", fmt.Sprintf("access_type %q needs the database's host and port.", access))
			}
			if isNull(n.Port) {
				missing(i, "port", fmt.Sprintf("access_type %q needs the database's host and port.", access))
			}
		}
		switch access {
		case "vpc", "vpncloud", "ccn", "dcg":
			if isNull(n.VpcID) {
				missing(i, "vpc_id", fmt.Sprintf("access_type %q needs the VPC and subnet DTS connects from.", access))
			}
			if isNull(n.SubnetID) {
				missing(i, "subnet_id", fmt.Sprintf("access_type %q needs the VPC and subnet DTS connects from.", access))
			}
		}
		switch access {
		case "cvm":
			if isNull(n.CvmInstanceID) {
				missing(i, "cvm_instance_id", "access_type \"cvm\" needs the CVM instance the database runs on.")
			}
		case "vpncloud":
			if isNull(n.UniqVpnGwID) {
				missing(i, "uniq_vpn_gw_id", "access_type \"vpncloud\" needs the VPN gateway ID.")
			}
		case "dcg":
			if isNull(n.UniqDcgID) {
				missing(i, "uniq_dcg_id", "access_type \"dcg\" needs the Direct Connect gateway ID.")
			}
		}
		if tdsql && n.Role.ValueString() == "set" && isNull(n.SetID) {
			missing(i, "set_id", "A TDSQL set node (role = \"set\") needs its set_id.")
		}
	}
}

// Attributes a started job can change in place (the others under src_info,
// dst_info and migrate_option need a new job).
func inPlaceAfterStart(p string) bool {
	switch {
	case strings.HasSuffix(p, "_wo_version"):
		return true
	case p == "migrate_option.is_dst_read_only", p == `migrate_option.extra_attr["DstWriteMode"]`:
		return true
	}
	return !strings.HasPrefix(p, "src_info") && !strings.HasPrefix(p, "dst_info") && !strings.HasPrefix(p, "migrate_option")
}

func (r *migrationJobResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan migrationJobModel
	if diags := req.Plan.Get(ctx, &plan); diags.HasError() {
		return // unknown configuration values: planned again at apply
	}
	if req.State.Raw.IsNull() {
		if plan.State.ValueString() == stageStopped {
			resp.Diagnostics.AddAttributeError(path.Root("state"), "A new job cannot be stopped",
				"state = \"stopped\" is only reachable from a started job. Create the job with \"checked\", \"running\", \"paused\" or \"completed\".")
		}
		if plan.InstanceClass.ValueString() == "micro" {
			resp.Diagnostics.AddAttributeError(path.Root("instance_class"), "micro is not available at purchase",
				"DTS sells migration jobs as small, medium, large, xlarge or 2xlarge; micro is only reachable by resizing an existing job. Create it with another class and change it afterwards.")
		}
		return
	}
	var state migrationJobModel
	if diags := req.State.Get(ctx, &state); diags.HasError() {
		return
	}
	status := state.Status.ValueString()
	started := migrationStarted(status)
	observed, desired := state.State.ValueString(), plan.State.ValueString()

	// The desired stage, from where the job is.
	replaceState := func(why string) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("state"))
		resp.Diagnostics.AddAttributeWarning(path.Root("state"), "Migration job will be replaced", why)
	}
	if desired != observed && !migrationSatisfies(desired, status, plan.RunMode.ValueString()) {
		switch {
		case status == dtsapi.MigrationStatusCanceled && desired != stageStopped:
			replaceState(fmt.Sprintf("Migration job %s was stopped, and DTS cannot restart a stopped job: reaching state %q needs a new job.", state.ID.ValueString(), desired))
		case status == dtsapi.MigrationStatusFailed && !isRedis(&plan) && desired != stageStopped:
			replaceState(fmt.Sprintf("Migration job %s failed, which is final for this link: reaching state %q needs a new job.", state.ID.ValueString(), desired))
		case desired == stageChecked && started:
			resp.Diagnostics.AddAttributeError(path.Root("state"), "A started job cannot return to checked",
				fmt.Sprintf("Migration job %s has started (status %s).", state.ID.ValueString(), status))
		case desired == stageStopped && !started:
			resp.Diagnostics.AddAttributeError(path.Root("state"), "A job that never started cannot be stopped",
				fmt.Sprintf("Migration job %s is %s. Remove the resource to delete it.", state.ID.ValueString(), status))
		case status == dtsapi.MigrationStatusSuccess && (desired == stagePaused || desired == stageStopped):
			resp.Diagnostics.AddAttributeError(path.Root("state"), "The migration has completed",
				fmt.Sprintf("Migration job %s finished successfully; it can no longer be %s.", state.ID.ValueString(), desired))
		}
	}

	if !started {
		return // before the start everything changes in place
	}
	var replace []string
	for _, p := range changedPaths(&state, &plan) {
		s := p.String()
		switch {
		case s == "tags" || strings.HasPrefix(s, "tags["):
			resp.Diagnostics.AddAttributeError(path.Root("tags"), "Tags cannot change after the start",
				fmt.Sprintf("Migration job %s has started, and DTS cannot retag a started job. Revert the tags, or replace the job (terraform apply -replace).", state.ID.ValueString()))
		case !inPlaceAfterStart(s):
			replace = append(replace, s)
		}
	}
	if len(replace) > 0 {
		roots := map[string]bool{}
		for _, s := range replace {
			root, _, _ := strings.Cut(strings.SplitN(s, "[", 2)[0], ".")
			if !roots[root] {
				roots[root] = true
				resp.RequiresReplace = append(resp.RequiresReplace, path.Root(root))
			}
		}
		resp.Diagnostics.AddWarning("Migration job will be replaced",
			fmt.Sprintf("Migration job %s has started, and DTS cannot reconfigure a started job. These changes need a new job: %s.",
				state.ID.ValueString(), strings.Join(replace, ", ")))
	}
}
