package migration

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// Default timeouts of dts_migration_job.
const (
	createTimeout = 60 * time.Minute
	updateTimeout = 60 * time.Minute
	deleteTimeout = 30 * time.Minute
)

const woAfterStart = "Before the job starts the new value is configured and checked again; afterwards DTS cannot change it, " +
	"and the change is only recorded, with a warning."

func endpointAttribute(side string) schema.SingleNestedAttribute {
	regionDesc := "Region of the database, e.g. `ap-guangzhou`."
	if side == "target" {
		regionDesc += " The job lives in this region: every API call for it is sent there."
	}
	typ := tfkit.Enum("DBEndpointInfo.DatabaseType", "Database type, e.g.", false)
	typ.PlanModifiers = []planmodifier.String{stringplanmodifier.RequiresReplace()}
	return schema.SingleNestedAttribute{
		Required: true,
		MarkdownDescription: "The " + side + " database (`DBEndpointInfo`). Its `region` and `database_type` are the purchase " +
			"parameters of the job and force a new job when changed. Passwords and temporary credentials are write-only.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{Required: true, MarkdownDescription: regionDesc, Validators: []validator.String{tfkit.Region()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"access_type":      tfkit.Enum("DBEndpointInfo.AccessType", "How DTS reaches the database:", false),
			"database_type":    typ,
			"node_type":        tfkit.Enum("DBEndpointInfo.NodeType", "Node type:", false),
			"supplier":         tfkit.APIDefaulted(tfkit.Opt("Provider of the database, e.g. `others`, `aliyun`, `aws`.")),
			"database_net_env": tfkit.Enum("DBEndpointInfo.DatabaseNetEnv", "Network environment, required for `ccn` access:", true),
			"connect_type":     tfkit.Enum("DBEndpointInfo.ConnectType", "TDSQL MySQL connection, required for a `tdsqlmysql` endpoint:", true),
			"ccn_owner_uin":    tfkit.Opt("Account that owns the CCN instance, for `ccn` access across accounts."),
			"extra_attr": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Extra attributes (`ExtraAttr`), e.g. MongoDB authentication settings."},
			"info": schema.ListNestedAttribute{
				Required:            true,
				MarkdownDescription: "Database nodes (`DBInfo`). TDSQL MySQL lists the `proxy` node first, then the `set` nodes.",
				Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject:        schema.NestedAttributeObject{Attributes: nodeAttributes()},
			},
		},
	}
}

func nodeAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"role":      tfkit.Opt("Node role, e.g. `mongos`; for TDSQL MySQL `proxy` (first) or `set`, required there."),
		"db_kernel": tfkit.Opt("Kernel, e.g. for MariaDB variants."),
		"host":      tfkit.Opt("Host or IP address; required for `extranet`, `cvm`, `vpc`, `dcg`, `vpncloud`, `ccn`, `intranet` and `ipv6` access."),
		"port": schema.Int64Attribute{Optional: true, MarkdownDescription: "Port; required with `host`.",
			Validators: []validator.Int64{int64validator.Between(1, 65535)}},
		"user":                      tfkit.Opt("User name. Set `password_wo` with it: Terraform drops an unknown `password` silently."),
		"password_wo":               tfkit.WriteOnly("Password (write-only: never stored in the state or shown in a plan)."),
		"password_wo_version":       tfkit.WOVersion("password_wo", woAfterStart),
		"cvm_instance_id":           tfkit.Opt("CVM instance ID (`ins-…`); required for `cvm` access."),
		"uniq_vpn_gw_id":            tfkit.Opt("VPN gateway ID (`vpngw-…`); required for `vpncloud` access."),
		"uniq_dcg_id":               tfkit.Opt("Direct Connect gateway ID (`dcg-…`); required for `dcg` access."),
		"instance_id":               tfkit.Opt("Database instance ID (e.g. `cdb-…`); required for `cdb` access."),
		"ccn_gw_id":                 tfkit.Opt("CCN instance ID (`ccn-…`)."),
		"vpc_id":                    tfkit.Opt("VPC ID; required for `vpc`, `vpncloud`, `ccn` and `dcg` access."),
		"subnet_id":                 tfkit.Opt("Subnet ID; required with `vpc_id`."),
		"engine_version":            tfkit.APIDefaulted(tfkit.Opt("Database version, e.g. `5.7`.")),
		"account":                   tfkit.Opt("Account (UIN) the instance belongs to, for cross-account migrations."),
		"account_role":              tfkit.AccountRole(),
		"account_mode":              tfkit.APIDefaulted(tfkit.Enum("DBInfo.AccountMode", "Whose account the instance is in:", true)),
		"tmp_secret_id":             tfkit.Opt("SecretId of temporary credentials for cross-account access."),
		"tmp_secret_key_wo":         tfkit.WriteOnly("SecretKey of the temporary credentials (write-only)."),
		"tmp_secret_key_wo_version": tfkit.WOVersion("tmp_secret_key_wo", woAfterStart),
		"tmp_token_wo":              tfkit.WriteOnly("Token of the temporary credentials (write-only)."),
		"tmp_token_wo_version":      tfkit.WOVersion("tmp_token_wo", woAfterStart),
		"encrypt_conn":              tfkit.APIDefaulted(tfkit.Enum("DBInfo.EncryptConn", "Encrypted transport:", true)),
		"set_id":                    tfkit.Opt("TDSQL set ID; required for a `set` node of a TDSQL link."),
	}
}

func migrateOptionAttribute(ctx context.Context) schema.SingleNestedAttribute {
	consistency := tfkit.APIDefaulted(tfkit.Enum("ConsistencyOption.Mode", "Check mode:", true))
	return schema.SingleNestedAttribute{
		Required: true,
		MarkdownDescription: "What to migrate and how (`MigrateOption`). After the start only `is_dst_read_only` and the Redis " +
			"`DstWriteMode` in `extra_attr` change in place; other changes replace the job.",
		Attributes: map[string]schema.Attribute{
			"migrate_type": tfkit.APIDefaulted(tfkit.Enum("MigrateOption.MigrateType",
				"Migration type (DTS defaults to `fullAndIncrement`, the only type Redis, Tendis and KeeWiDB support):", true)),
			"database_table": databaseTableAttribute(),
			"consistency": schema.SingleNestedAttribute{
				Optional:            true,
				Computed:            true,
				CustomType:          tfkit.NewObjectType[consistencyModel](ctx),
				MarkdownDescription: "Data consistency check after the migration (`ConsistencyOption`); DTS fills in its default mode.",
				PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseNonNullStateForUnknown()},
				Attributes:          map[string]schema.Attribute{"mode": consistency},
			},
			"is_migrate_account": schema.BoolAttribute{Optional: true, MarkdownDescription: "Migrate accounts too."},
			"is_override_root":   schema.BoolAttribute{Optional: true, MarkdownDescription: "Override the target's root account (legacy DTS only)."},
			"is_dst_read_only": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "Make the target read-only while migrating (MySQL). Changes in place, also after the start (`ModifyMigrateRuntimeAttribute`)."},
			"extra_attr": schema.MapAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Extra options (`ExtraAttr`), e.g. for Redis `DstWriteMode` (" + dtsapi.MustEnum("ExtraAttr.DstWriteMode").Describe() +
					"), which changes in place also after the start.",
				Validators: []validator.Map{dstWriteModeValidator{}},
			},
			"migrate_way": tfkit.Enum("MigrateOption.MigrateWay", "PostgreSQL migration method:", true),
		},
	}
}

func databaseTableAttribute() schema.SingleNestedAttribute {
	mode := func(name, what string) schema.StringAttribute {
		return tfkit.Enum("DBItem."+name, what+" selection mode:", true)
	}
	names := func(desc string) schema.ListAttribute {
		return schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: desc}
	}
	renames := func(desc, name, newName string) schema.ListNestedAttribute {
		return schema.ListNestedAttribute{Optional: true, MarkdownDescription: desc,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				name: tfkit.Opt("Name."), newName: tfkit.Opt("Name in the target."),
			}}}
	}
	return schema.SingleNestedAttribute{
		Required:            true,
		MarkdownDescription: "Objects to migrate (`DatabaseTableObject`).",
		Attributes: map[string]schema.Attribute{
			"object_mode": tfkit.Enum("DatabaseTableObject.ObjectMode", "The whole instance or a selection (`partial` needs `databases`):", false),
			"advanced_objects": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Advanced object types to migrate: " + dtsapi.MustEnum("DatabaseTableObject.AdvancedObjects").Describe() + "."},
			"databases": schema.ListNestedAttribute{
				Optional: true,
				MarkdownDescription: "Databases to migrate, with `object_mode = \"partial\"` (`DBItem`); each needs `db_name` and `db_mode`. " +
					"Names are case-sensitive.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"db_name":         tfkit.Opt("Database name; required for a partial selection."),
					"new_db_name":     tfkit.Opt("Name in the target, to rename the database."),
					"schema_name":     tfkit.Opt("Schema name (PostgreSQL, SQL Server)."),
					"new_schema_name": tfkit.Opt("Schema name in the target."),
					"db_mode":         mode("DBMode", "Database (required for a partial selection)"),
					"schema_mode":     mode("SchemaMode", "Schema"),
					"table_mode":      mode("TableMode", "Table (`partial` needs `tables`)"),
					"tables": schema.ListNestedAttribute{
						Optional:            true,
						MarkdownDescription: "Tables, with `table_mode = \"partial\"`.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"table_name":     tfkit.Opt("Table name."),
							"new_table_name": tfkit.Opt("Name in the target; required with `table_edit_mode = \"rename\"`, excludes `tmp_tables`."),
							"tmp_tables": names("Temporary tables of online DDL tools (with `table_edit_mode = \"pt\"`); " +
								"excludes `new_table_name`."),
							"table_edit_mode": tfkit.Enum("TableItem.TableEditMode", "Edit mode:", true),
						}},
					},
					"view_mode":      mode("ViewMode", "View (`partial` needs `views`)"),
					"views":          renames("Views, with `view_mode = \"partial\"`.", "view_name", "new_view_name"),
					"role_mode":      mode("RoleMode", "Role (PostgreSQL; `partial` needs `roles`)"),
					"roles":          renames("Roles (PostgreSQL), with `role_mode = \"partial\"`.", "role_name", "new_role_name"),
					"function_mode":  mode("FunctionMode", "Function (`partial` needs `functions`)"),
					"functions":      names("Functions, with `function_mode = \"partial\"`."),
					"trigger_mode":   mode("TriggerMode", "Trigger (`partial` needs `triggers`)"),
					"triggers":       names("Triggers, with `trigger_mode = \"partial\"`."),
					"event_mode":     mode("EventMode", "Event (`partial` needs `events`)"),
					"events":         names("Events, with `event_mode = \"partial\"`."),
					"procedure_mode": mode("ProcedureMode", "Procedure (`partial` needs `procedures`)"),
					"procedures":     names("Procedures, with `procedure_mode = \"partial\"`."),
				}},
			},
		},
	}
}

func resourceSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		MarkdownDescription: resourceDescription,
		Attributes: map[string]schema.Attribute{
			"id": tfkit.ID("Job ID (`dts-…`)."),
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Job name (`JobName`), up to 128 characters. Changes in place.",
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, 128)},
			},
			"instance_class": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Specification: `small`, `medium`, `large`, `xlarge` or `2xlarge` at purchase; `micro` only as a later resize. " +
					"DTS accepts only `medium` for links it does not bill, and resizes only billed jobs. Changes in place (`ModifyMigrateJobSpec`).",
				Validators: []validator.String{stringvalidator.OneOf(dtsapi.MustEnum("ModifyMigrateJobSpecRequest.NewInstanceClass").Values...)},
			},
			"tags": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				Validators:          []validator.Map{jobkit.TagsValidator()},
				MarkdownDescription: "Tags of the job. They can change until the job starts; DTS cannot retag a started job, so a change afterwards is a plan-time error.",
			},
			"src_info":       endpointAttribute("source"),
			"dst_info":       endpointAttribute("target"),
			"migrate_option": migrateOptionAttribute(ctx),
			"rate_limit": tfkit.RateLimitAttribute(ctx, "Migration speed. DTS refuses it at configure time, so it is applied with "+
				"`ModifyMigrateRateLimit` once the job runs; before the start a change waits for that. After the start it changes in place "+
				"while the job is `running` or `readyComplete`; a change to a job that has stopped running is a plan-time error."),
			"run_mode": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("immediate"),
				MarkdownDescription: "`immediate` (default) or `timed` (start at `expect_run_time`). Fixed once the job has started.",
				Validators:          []validator.String{stringvalidator.OneOf(dtsapi.MustEnum("ModifyMigrationJobRequest.RunMode").Values...)},
			},
			"expect_run_time": schema.StringAttribute{
				Optional:   true,
				CustomType: tfkit.TimeType{},
				MarkdownDescription: "Start time of a `timed` job, in RFC 3339 (e.g. `2026-12-01T02:00:00+08:00`). It is sent in the API's Beijing-time " +
					"format and compared by meaning, so any offset naming the same instant causes no change. Fixed once the job has started.",
				Validators: []validator.String{tfkit.RFC3339()},
			},
			"auto_retry_time_range_minutes": tfkit.AutoRetryMinutes(),
			"state": tfkit.Stage(stageRunning, desiredStages,
				"Desired stage: `checked`, `running` (default), `paused`, `completed` or `stopped` (not on create). "+
					"See the table above: after a refresh it shows the observed stage when the job left the desired one, and apply takes it back."),
			"complete_mode": tfkit.Enum("CompleteMigrateJobRequest.CompleteMode",
				"How `completed` finishes the job, MySQL sources only (sent only when set):", true),
			"resume_option": tfkit.Enum("ResumeMigrateJobRequest.ResumeOption",
				"How to resume a job in error: `normal` (the default) for every link but Redis; Redis jobs must choose `clearData` or `overwrite`. One of", true),
			"skip_check_steps": tfkit.SkipCheckSteps("SkipCheckItem"),
			"foreign_key_flag": tfkit.Enum("SkipCheckItemRequest.ForeignKeyFlag",
				"With `ConstraintCheck` in `skip_check_steps`: migrate foreign keys or not:", true),
			"deletion_policy": tfkit.DeletionPolicy("stops, isolates and deletes the job"),
			"status":          tfkit.Observed("Raw DTS status of the job at the last refresh."),
			"trade_status":    tfkit.Observed("Billing status: " + dtsapi.MustEnum("TradeInfo.TradeStatus").Describe() + "."),
			"brief_msg":       tfkit.Observed("DTS's short message about the job."),
			"timeouts": tfkit.Timeouts(ctx,
				"Default 60m. Before the start a timeout fails the apply; once the start is accepted it only warns.",
				"Default 60m.", "Default 30m."),
		},
	}
}
