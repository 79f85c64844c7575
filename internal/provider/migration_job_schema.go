package provider

import (
	"context"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
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
)

// Desired stages of a migration job (the `state` attribute).
const (
	stageChecked   = "checked"
	stageRunning   = "running"
	stagePaused    = "paused"
	stageCompleted = "completed"
	stageStopped   = "stopped"
)

var desiredStages = []string{stageChecked, stageRunning, stagePaused, stageCompleted, stageStopped}

const (
	deletionPolicyDelete  = "delete"
	deletionPolicyAbandon = "abandon"
)

// Default timeouts of dts_migration_job.
const (
	migrationCreateTimeout = 60 * time.Minute
	migrationUpdateTimeout = 60 * time.Minute
	migrationDeleteTimeout = 30 * time.Minute
)

func rEnumString(key, what string, optional bool) schema.StringAttribute {
	e := dtsapi.MustEnum(key)
	a := schema.StringAttribute{Optional: optional, Required: !optional, MarkdownDescription: what + " " + e.Describe() + "."}
	if e.Closed {
		a.Validators = []validator.String{stringvalidator.OneOf(e.Values...)}
	}
	return a
}

func optStr(desc string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, MarkdownDescription: desc}
}

// apiDefaulted is an attribute the API fills in when the configuration
// leaves it unset: Optional + Computed, and stable once known.
func apiDefaulted(a schema.StringAttribute) schema.StringAttribute {
	a.Optional, a.Required, a.Computed = true, false, true
	a.PlanModifiers = append(a.PlanModifiers, stringplanmodifier.UseNonNullStateForUnknown())
	return a
}

func writeOnlySecret(desc string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, WriteOnly: true, Sensitive: true, MarkdownDescription: desc}
}

func woVersion(of string) schema.Int64Attribute {
	return schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: "Change this number to send a new `" + of + "`: write-only values are never stored, so Terraform " +
			"cannot see them change. Before the job starts the new value is configured and checked again; afterwards DTS " +
			"cannot change it, and the change is only recorded, with a warning.",
	}
}

func migrationEndpointAttribute(side string) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Required: true,
		MarkdownDescription: "The " + side + " database (`DBEndpointInfo`). Its `region` and `database_type` are the purchase " +
			"parameters of the job and force a new job when changed. Passwords and temporary credentials are write-only.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Region of the database, e.g. `ap-guangzhou`." + map[string]string{"target": " The job lives in this region: every API call for it is sent there.", "source": ""}[side],
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"access_type": rEnumString("DBEndpointInfo.AccessType", "How DTS reaches the database:", false),
			"database_type": func() schema.StringAttribute {
				a := rEnumString("DBEndpointInfo.DatabaseType", "Database type, e.g.", false)
				a.PlanModifiers = []planmodifier.String{stringplanmodifier.RequiresReplace()}
				return a
			}(),
			"node_type":        rEnumString("DBEndpointInfo.NodeType", "Node type:", false),
			"supplier":         apiDefaulted(optStr("Provider of the database, e.g. `others` (the default), `aliyun`, `aws`.")),
			"database_net_env": rEnumString("DBEndpointInfo.DatabaseNetEnv", "Network environment, required for `ccn` access:", true),
			"connect_type":     rEnumString("DBEndpointInfo.ConnectType", "TDSQL MySQL connection (required for a `tdsqlmysql` source):", true),
			"ccn_owner_uin":    optStr("Account that owns the CCN instance, for `ccn` access across accounts."),
			"extra_attr": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Extra attributes (`ExtraAttr`), e.g. MongoDB authentication settings.",
			},
			"info": schema.ListNestedAttribute{
				Required:            true,
				MarkdownDescription: "Database nodes (`DBInfo`). TDSQL MySQL lists the `proxy` node first, then the `set` nodes.",
				Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"role":                      optStr("Node role, e.g. `mongos`; for TDSQL MySQL `proxy` or `set`."),
					"db_kernel":                 optStr("Kernel, e.g. for MariaDB variants."),
					"host":                      optStr("Host or IP address; required for `extranet`, `cvm`, `vpc`, `dcg`, `vpncloud`, `ccn`, `intranet` and `ipv6` access."),
					"port":                      schema.Int64Attribute{Optional: true, MarkdownDescription: "Port; required with `host`.", Validators: []validator.Int64{int64validator.Between(1, 65535)}},
					"user":                      optStr("User name."),
					"password_wo":               writeOnlySecret("Password (write-only: never stored in the state or shown in a plan)."),
					"password_wo_version":       woVersion("password_wo"),
					"cvm_instance_id":           optStr("CVM instance ID (`ins-…`); required for `cvm` access."),
					"uniq_vpn_gw_id":            optStr("VPN gateway ID (`vpngw-…`); required for `vpncloud` access."),
					"uniq_dcg_id":               optStr("Direct Connect gateway ID (`dcg-…`); required for `dcg` access."),
					"instance_id":               optStr("Database instance ID (e.g. `cdb-…`); required for `cdb` access."),
					"ccn_gw_id":                 optStr("CCN instance ID (`ccn-…`)."),
					"vpc_id":                    optStr("VPC ID; required for `vpc`, `vpncloud`, `ccn` and `dcg` access."),
					"subnet_id":                 optStr("Subnet ID; required with `vpc_id`."),
					"engine_version":            apiDefaulted(optStr("Database version, e.g. `5.7`; filled in by DTS when unset.")),
					"account":                   optStr("Account (UIN) the instance belongs to, for cross-account migrations."),
					"account_role":              optStr("CAM role used for cross-account access."),
					"account_mode":              apiDefaulted(rEnumString("DBInfo.AccountMode", "Whose account the instance is in:", true)),
					"tmp_secret_id":             optStr("SecretId of temporary credentials for cross-account access."),
					"tmp_secret_key_wo":         writeOnlySecret("SecretKey of the temporary credentials (write-only)."),
					"tmp_secret_key_wo_version": woVersion("tmp_secret_key_wo"),
					"tmp_token_wo":              writeOnlySecret("Token of the temporary credentials (write-only)."),
					"tmp_token_wo_version":      woVersion("tmp_token_wo"),
					"encrypt_conn":              apiDefaulted(rEnumString("DBInfo.EncryptConn", "Encrypted transport:", true)),
					"set_id":                    optStr("TDSQL set ID; required for a `set` node of a TDSQL link."),
				}},
			},
		},
	}
}

func migrateOptionAttribute() schema.SingleNestedAttribute {
	dbModes := func(name string) schema.StringAttribute {
		return rEnumString("DBItem."+name, "Selection mode:", true)
	}
	return schema.SingleNestedAttribute{
		Required:            true,
		MarkdownDescription: "What to migrate and how (`MigrateOption`). After the start only `is_dst_read_only` and the Redis `DstWriteMode` in `extra_attr` change in place; other changes replace the job.",
		Attributes: map[string]schema.Attribute{
			"migrate_type": apiDefaulted(rEnumString("MigrateOption.MigrateType", "Migration type (DTS defaults to `fullAndIncrement`, the only type Redis supports):", true)),
			"database_table": schema.SingleNestedAttribute{
				Required:            true,
				MarkdownDescription: "Objects to migrate (`DatabaseTableObject`).",
				Attributes: map[string]schema.Attribute{
					"object_mode": rEnumString("DatabaseTableObject.ObjectMode", "The whole instance or a selection:", false),
					"advanced_objects": schema.ListAttribute{
						Optional:            true,
						ElementType:         types.StringType,
						MarkdownDescription: "Advanced object types to migrate: " + dtsapi.MustEnum("DatabaseTableObject.AdvancedObjects").Describe() + ".",
					},
					"databases": schema.ListNestedAttribute{
						Optional:            true,
						MarkdownDescription: "Databases to migrate, with `object_mode = \"partial\"` (`DBItem`). Names are case-sensitive.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"db_name":         optStr("Database name."),
							"new_db_name":     optStr("Name in the target, to rename the database."),
							"schema_name":     optStr("Schema name (PostgreSQL, SQL Server)."),
							"new_schema_name": optStr("Schema name in the target."),
							"db_mode":         dbModes("DBMode"),
							"schema_mode":     dbModes("SchemaMode"),
							"table_mode":      dbModes("TableMode"),
							"tables": schema.ListNestedAttribute{
								Optional:            true,
								MarkdownDescription: "Tables, with `table_mode = \"partial\"`.",
								NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
									"table_name":      optStr("Table name."),
									"new_table_name":  optStr("Name in the target."),
									"tmp_tables":      schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: "Temporary tables of online DDL tools (with `table_edit_mode = \"pt\"`)."},
									"table_edit_mode": rEnumString("TableItem.TableEditMode", "Edit mode:", true),
								}},
							},
							"view_mode": dbModes("ViewMode"),
							"views": schema.ListNestedAttribute{
								Optional: true, MarkdownDescription: "Views, with `view_mode = \"partial\"`.",
								NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
									"view_name": optStr("View name."), "new_view_name": optStr("Name in the target."),
								}},
							},
							"role_mode": dbModes("RoleMode"),
							"roles": schema.ListNestedAttribute{
								Optional: true, MarkdownDescription: "Roles (PostgreSQL), with `role_mode = \"partial\"`.",
								NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
									"role_name": optStr("Role name."), "new_role_name": optStr("Name in the target."),
								}},
							},
							"function_mode":  dbModes("FunctionMode"),
							"functions":      schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: "Functions, with `function_mode = \"partial\"`."},
							"trigger_mode":   dbModes("TriggerMode"),
							"triggers":       schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: "Triggers, with `trigger_mode = \"partial\"`."},
							"event_mode":     dbModes("EventMode"),
							"events":         schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: "Events, with `event_mode = \"partial\"`."},
							"procedure_mode": dbModes("ProcedureMode"),
							"procedures":     schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: "Procedures, with `procedure_mode = \"partial\"`."},
						}},
					},
				},
			},
			"consistency": schema.SingleNestedAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Data consistency check after the migration (`ConsistencyOption`); DTS fills in its default mode.",
				PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseNonNullStateForUnknown()},
				Attributes: map[string]schema.Attribute{
					"mode": apiDefaulted(rEnumString("ConsistencyOption.Mode", "Check mode:", true)),
				},
			},
			"is_migrate_account": schema.BoolAttribute{Optional: true, MarkdownDescription: "Migrate accounts too."},
			"is_override_root":   schema.BoolAttribute{Optional: true, MarkdownDescription: "Override the target's root account (legacy DTS only)."},
			"is_dst_read_only":   schema.BoolAttribute{Optional: true, MarkdownDescription: "Make the target read-only while migrating (MySQL). Changes in place, also after the start (`ModifyMigrateRuntimeAttribute`)."},
			"extra_attr": schema.MapAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Extra options (`ExtraAttr`), e.g. for Redis `DstWriteMode` (" + dtsapi.MustEnum("ExtraAttr.DstWriteMode").Describe() +
					"), which changes in place also after the start.",
				Validators: []validator.Map{dstWriteModeValidator{}},
			},
			"migrate_way": rEnumString("MigrateOption.MigrateWay", "PostgreSQL migration method:", true),
		},
	}
}

var rfc3339Pattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$`)

func (r *migrationJobResource) schema(ctx context.Context) schema.Schema {
	limit := func(desc string, v ...validator.Int64) schema.Int64Attribute {
		return schema.Int64Attribute{Optional: true, Computed: true, MarkdownDescription: desc, Validators: v}
	}
	return schema.Schema{
		MarkdownDescription: migrationJobDescription,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Job ID (`dts-…`).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Job name (`JobName`), up to 128 characters. Changes in place.",
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 128)},
			},
			"instance_class": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Specification: `small`, `medium`, `large`, `xlarge` or `2xlarge` at purchase; `micro` only as a later resize. " +
					"DTS accepts only `medium` for links it does not bill. Changes in place (`ModifyMigrateJobSpec`, pay-as-you-go jobs).",
				Validators: []validator.String{stringvalidator.OneOf(dtsapi.MustEnum("ModifyMigrateJobSpecRequest.NewInstanceClass").Values...)},
			},
			"tags": schema.MapAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Tags of the job. They can change until the job starts; DTS cannot retag a started job, so a change afterwards is a plan-time error.",
			},
			"src_info":       migrationEndpointAttribute("source"),
			"dst_info":       migrationEndpointAttribute("target"),
			"migrate_option": migrateOptionAttribute(),
			"rate_limit": schema.SingleNestedAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Migration speed. DTS refuses it at configure time, so it is applied with `ModifyMigrateRateLimit` once the job " +
					"runs, and changes in place while the job is `running` or `readyComplete`. Unset values show DTS's current ones.",
				Attributes: map[string]schema.Attribute{
					"dump_thread":   limit("Export threads, 1–16.", int64validator.Between(1, 16)),
					"dump_rps":      limit("Export rows per second.", int64validator.AtLeast(1)),
					"load_thread":   limit("Import threads, 1–16.", int64validator.Between(1, 16)),
					"load_rps":      limit("Import rows per second.", int64validator.AtLeast(1)),
					"sinker_thread": limit("Incremental write threads, 1–128.", int64validator.Between(1, 128)),
				},
			},
			"run_mode": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("immediate"),
				MarkdownDescription: "`immediate` (default) or `timed` (start at `expect_run_time`).",
				Validators:          []validator.String{stringvalidator.OneOf(dtsapi.MustEnum("ModifyMigrationJobRequest.RunMode").Values...)},
			},
			"expect_run_time": schema.StringAttribute{
				Optional:   true,
				CustomType: rfc3339Type{},
				MarkdownDescription: "Start time of a `timed` job, in RFC 3339 (e.g. `2026-12-01T02:00:00+08:00`). It is sent in the API's Beijing-time " +
					"format and compared by meaning, so any offset naming the same instant causes no change.",
				Validators: []validator.String{stringvalidator.RegexMatches(rfc3339Pattern, "must be an RFC 3339 time such as 2026-12-01T02:00:00+08:00")},
			},
			"auto_retry_time_range_minutes": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Minutes during which DTS retries a failed job automatically: 5–720, or 0 for no retry.",
				Validators:          []validator.Int64{autoRetryValidator{}},
			},
			"state": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(stageRunning),
				MarkdownDescription: "Desired stage: `checked`, `running` (default), `paused`, `completed` or `stopped` (not on create). " +
					"See the table above: after a refresh it shows the observed stage when the job left the desired one, and apply takes it back.",
				Validators: []validator.String{stringvalidator.OneOf(desiredStages...)},
			},
			"complete_mode": rEnumString("CompleteMigrateJobRequest.CompleteMode", "How `completed` finishes the job, legacy MySQL jobs only (sent only when set):", true),
			"resume_option": rEnumString("ResumeMigrateJobRequest.ResumeOption", "How to resume a job in error: `normal` (the default) for every link but Redis; Redis jobs must choose `clearData` or `overwrite`. One of", true),
			"skip_check_steps": schema.ListAttribute{
				Optional:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Check steps to skip (`SkipCheckItem`) when they fail, by `StepId` (e.g. `ConstraintCheck`). Only steps DTS allows " +
					"to be skipped; connectivity never is.",
			},
			"foreign_key_flag": rEnumString("SkipCheckItemRequest.ForeignKeyFlag", "With `ConstraintCheck` in `skip_check_steps`: migrate foreign keys or not:", true),
			"deletion_policy": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(deletionPolicyDelete),
				MarkdownDescription: "`delete` (default): destroy stops, isolates and deletes the job. `abandon`: destroy forgets a started job and " +
					"leaves it running; a job that never started is always deleted, so nothing billed is forgotten.",
				Validators: []validator.String{stringvalidator.OneOf(deletionPolicyDelete, deletionPolicyAbandon)},
			},
			"status":       schema.StringAttribute{Computed: true, MarkdownDescription: "Raw DTS status of the job at the last refresh."},
			"trade_status": schema.StringAttribute{Computed: true, MarkdownDescription: "Billing status: " + dtsapi.MustEnum("TradeInfo.TradeStatus").Describe() + "."},
			"brief_msg":    schema.StringAttribute{Computed: true, MarkdownDescription: "DTS's short message about the job."},
			"timeouts": func() schema.Attribute {
				a := timeouts.Attributes(ctx, timeouts.Opts{
					Create: true, Update: true, Delete: true,
					CreateDescription: "Default 60m. Before the start a timeout fails the apply; once the start is accepted it only warns.",
					UpdateDescription: "Default 60m.",
					DeleteDescription: "Default 30m.",
				}).(schema.SingleNestedAttribute)
				a.MarkdownDescription = "How long create, update and delete may wait for DTS, e.g. `{ create = \"90m\" }`."
				return a
			}(),
		},
	}
}
