package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Plan-time rules of dts_migration_job: the cross-field rules of the
// configuration (ValidateConfig) and what an update can do in place
// (ModifyPlan).

func (r *migrationJobResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m migrationJobModel
	if diags := req.Config.Get(ctx, &m); diags.HasError() {
		// Values known only after apply: Terraform validates the
		// configuration again once they are known, and Create checks it
		// once more before buying anything.
		return
	}
	resp.Diagnostics.Append(validateMigration(&m)...)
}

// validateMigration applies the cross-field rules to a configuration.
func validateMigration(m *migrationJobModel) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, side := range []struct {
		name string
		e    *endpointModel
	}{{"src_info", m.SrcInfo}, {"dst_info", m.DstInfo}} {
		diags.Append(validateEndpoint(path.Root(side.name), side.e)...)
	}
	if m.RunMode.ValueString() == "timed" && m.ExpectRunTime.IsNull() {
		diags.AddAttributeError(path.Root("expect_run_time"), "Missing start time",
			"run_mode = \"timed\" needs expect_run_time, the RFC 3339 time at which DTS starts the job.")
	}
	if !m.ResumeOption.IsUnknown() {
		option := m.ResumeOption.ValueString()
		switch redis := isRedis(m); {
		case redis && (option == "" || option == "normal"):
			diags.AddAttributeError(path.Root("resume_option"), "Redis jobs must choose how to resume",
				"For a Redis link, set resume_option to \"clearData\" (clear the target's data) or \"overwrite\" (write over it): DTS does not accept \"normal\" for Redis.")
		case !redis && option != "" && option != "normal":
			diags.AddAttributeError(path.Root("resume_option"), "Invalid resume option",
				fmt.Sprintf("%q applies to Redis links only; other links resume with \"normal\".", option))
		}
	}
	if !m.ForeignKeyFlag.IsNull() && !slices.Contains(m.SkipCheckSteps, "ConstraintCheck") {
		diags.AddAttributeWarning(path.Root("foreign_key_flag"), "foreign_key_flag has no effect",
			"foreign_key_flag is sent with SkipCheckItem only when skip_check_steps contains \"ConstraintCheck\".")
	}
	return diags
}

// validateEndpoint applies the documented requirements of each access type.
func validateEndpoint(at path.Path, e *endpointModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if e == nil || e.AccessType.IsUnknown() {
		return diags
	}
	access := e.AccessType.ValueString()
	missing := func(i int, attr, why string) {
		diags.AddAttributeError(at.AtName("info").AtListIndex(i).AtName(attr), "Missing "+attr, why)
	}
	if access == "ccn" && e.DatabaseNetEnv.IsNull() {
		diags.AddAttributeError(at.AtName("database_net_env"), "Missing database_net_env",
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
	return diags
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
	// Single attributes, not the whole model: parts of the plan may be unknown
	// (values known only after apply), and the rules must hold anyway.
	str := func(from interface {
		GetAttribute(context.Context, path.Path, any) diag.Diagnostics
	}, p path.Path) string {
		var v types.String
		if diags := from.GetAttribute(ctx, p, &v); diags.HasError() {
			return ""
		}
		return v.ValueString()
	}
	desired := str(req.Plan, path.Root("state"))
	if req.State.Raw.IsNull() {
		if desired == stageStopped {
			resp.Diagnostics.AddAttributeError(path.Root("state"), "A new job cannot be stopped",
				"state = \"stopped\" is only reachable from a started job. Create the job with \"checked\", \"running\", \"paused\" or \"completed\".")
		}
		if str(req.Plan, path.Root("instance_class")) == "micro" {
			resp.Diagnostics.AddAttributeError(path.Root("instance_class"), "micro is not available at purchase",
				"DTS sells migration jobs as small, medium, large, xlarge or 2xlarge; micro is only reachable by resizing an existing job. Create it with another class and change it afterwards.")
		}
		return
	}
	id, status, observed := str(req.State, path.Root("id")), str(req.State, path.Root("status")), str(req.State, path.Root("state"))
	started := migrationStarted(status)
	redis := isRedisType(str(req.Plan, path.Root("src_info").AtName("database_type"))) || isRedisType(str(req.Plan, path.Root("dst_info").AtName("database_type")))
	allowed := readAllowedActions(ctx, req.Private)

	// The desired stage, from where the job is.
	replaceState := func(why string) {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("state"))
		resp.Diagnostics.AddAttributeWarning(path.Root("state"), "Migration job will be replaced", why)
	}
	if desired != "" && desired != observed && !migrationSatisfies(desired, status, str(req.Plan, path.Root("run_mode"))) {
		switch {
		case status == dtsapi.MigrationStatusCanceled && desired != stageStopped:
			replaceState(fmt.Sprintf("Migration job %s was stopped, and DTS cannot restart a stopped job: reaching state %q needs a new job.", id, desired))
		case status == dtsapi.MigrationStatusFailed && !redis && desired != stageStopped:
			replaceState(fmt.Sprintf("Migration job %s failed, which is final for this link: reaching state %q needs a new job.", id, desired))
		case (status == dtsapi.MigrationStatusError || status == dtsapi.MigrationStatusResumableErr || status == dtsapi.MigrationStatusFailed) &&
			desired != stageStopped && allowed != nil && !slices.Contains(allowed, dtsapi.ActionResume):
			replaceState(fmt.Sprintf("Migration job %s is %s and DTS does not allow resuming it: reaching state %q needs a new job.", id, status, desired))
		case desired == stageChecked && started:
			resp.Diagnostics.AddAttributeError(path.Root("state"), "A started job cannot return to checked",
				fmt.Sprintf("Migration job %s has started (status %s).", id, status))
		case desired == stageStopped && !started:
			resp.Diagnostics.AddAttributeError(path.Root("state"), "A job that never started cannot be stopped",
				fmt.Sprintf("Migration job %s is %s. Remove the resource to delete it.", id, status))
		case status == dtsapi.MigrationStatusSuccess && (desired == stagePaused || desired == stageStopped):
			resp.Diagnostics.AddAttributeError(path.Root("state"), "The migration has completed",
				fmt.Sprintf("Migration job %s finished successfully; it can no longer be %s.", id, desired))
		}
	}

	if !started {
		return // before the start everything changes in place
	}
	var replace []string
	for _, s := range plannedChanges(req.State.Raw, req.Plan.Raw, req.Config.Raw) {
		switch {
		case s == "tags" || strings.HasPrefix(s, "tags["):
			resp.Diagnostics.AddAttributeError(path.Root("tags"), "Tags cannot change after the start",
				fmt.Sprintf("Migration job %s has started, and DTS cannot retag a started job. Revert the tags, or replace the job (terraform apply -replace).", id))
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
				id, strings.Join(replace, ", ")))
	}
}
