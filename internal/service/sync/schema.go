package sync

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
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

// Default timeouts of dts_sync_job.
const (
	createTimeout = 60 * time.Minute
	updateTimeout = 60 * time.Minute
	deleteTimeout = 30 * time.Minute
)

const woAfterStart = "Before the job starts the new value is configured and checked again; afterwards DTS cannot change it, " +
	"and the change is only recorded, with a warning."

func replaceable(a schema.StringAttribute) schema.StringAttribute {
	a.PlanModifiers = append(a.PlanModifiers, stringplanmodifier.RequiresReplace())
	return a
}

func endpointAttribute(side string) schema.SingleNestedAttribute {
	regionDesc := "Region of the database, e.g. `ap-guangzhou`; a purchase parameter (a change replaces the job)."
	if side == "target" {
		regionDesc += " The job lives in this region: every API call for it is sent there."
	}
	key := map[string]string{"source": "Src", "target": "Dst"}[side]
	attrs := map[string]schema.Attribute{
		"region":        replaceable(schema.StringAttribute{Required: true, MarkdownDescription: regionDesc, Validators: []validator.String{tfkit.Region()}}),
		"access_type":   tfkit.Enum("ConfigureSyncJobRequest."+key+"AccessType", "How DTS reaches the database:", false),
		"database_type": replaceable(tfkit.Enum("CreateSyncJobRequest."+key+"DatabaseType", "Database type (a purchase parameter), e.g.", false)),
		"node_type": tfkit.Enum("ConfigureSyncJobRequest."+key+"NodeType",
			"`single` sends one node (`"+key+"Info`, exactly one `info` element); `cluster` sends `"+key+"Infos` (e.g. TDSQL, MongoDB). One of", false),
		"info": schema.ListNestedAttribute{
			Required: true,
			MarkdownDescription: "Database nodes (`Endpoint`). TDSQL MySQL lists the `proxy` node first, then the `set` nodes; " +
				"with `connect_type = \"proxy\"` only the proxy.",
			Validators:   []validator.List{listvalidator.SizeAtLeast(1)},
			NestedObject: schema.NestedAttributeObject{Attributes: nodeAttributes()},
		},
	}
	attrs["connect_type"] = tfkit.Enum("ConfigureSyncJobRequest.SrcConnectType", "TDSQL MySQL connection, required for a `tdsqlmysql` source "+
		"(DTS takes none for a target):", true)
	return schema.SingleNestedAttribute{
		Required: true,
		MarkdownDescription: "The " + side + " database. Its `region` and `database_type` are purchase parameters; the rest is the " +
			"configuration (`" + key + "AccessType`, `" + key + "NodeType`, `" + key + "Info`/`" + key + "Infos`). Passwords and temporary credentials are write-only.",
		Attributes: attrs,
	}
}

func nodeAttributes() map[string]schema.Attribute {
	opt := tfkit.Opt
	return map[string]schema.Attribute{
		"ip": opt("IP address; required for every access type but `cdb`."),
		"port": schema.Int64Attribute{Optional: true, MarkdownDescription: "Port; required with `ip`.",
			Validators: []validator.Int64{int64validator.Between(1, 65535)}},
		"user":                      opt("User name. Set `password_wo` with it: Terraform drops an unknown `password` silently."),
		"password_wo":               tfkit.WriteOnly("Password (write-only: never stored in the state or shown in a plan)."),
		"password_wo_version":       tfkit.WOVersion("password_wo", woAfterStart),
		"instance_id":               opt("Database instance ID (e.g. `cdb-…`); required for `cdb` access."),
		"db_name":                   opt("Database name, for databases that need one to connect (e.g. cdwpg)."),
		"role":                      opt("Node role: for TDSQL `proxy` (first) or `set`, required there."),
		"db_kernel":                 opt("TDSQL kernel: `percona`, `mariadb` or `mysql`."),
		"vpc_id":                    opt("VPC ID; required for `vpc`, `vpncloud` and `dcg` access."),
		"subnet_id":                 opt("Subnet ID; required with `vpc_id`."),
		"cvm_instance_id":           opt("CVM instance ID (`ins-…`); required for `cvm` access."),
		"uniq_dcg_id":               opt("Direct Connect gateway ID (`dcg-…`); required for `dcg` access."),
		"uniq_vpn_gw_id":            opt("VPN gateway ID (`vpngw-…`); required for `vpncloud` access."),
		"ccn_id":                    opt("CCN ID (`ccn-…`); required for `ccn` access."),
		"supplier":                  tfkit.APIDefaulted(opt("Cloud of the database: `aliyun` for an RDS instance, else `others`.")),
		"engine_version":            tfkit.APIDefaulted(opt("Version of an RDS instance, e.g. `5.7`.")),
		"account":                   opt("Account (UIN) the instance belongs to, for cross-account syncs."),
		"account_mode":              tfkit.APIDefaulted(tfkit.Enum("Endpoint.AccountMode", "Whose account the instance is in:", true)),
		"account_role":              tfkit.AccountRole(),
		"role_external_id":          opt("External ID of the cross-account role."),
		"tmp_secret_id":             opt("SecretId of temporary credentials for cross-account access."),
		"tmp_secret_key_wo":         tfkit.WriteOnly("SecretKey of the temporary credentials (write-only)."),
		"tmp_secret_key_wo_version": tfkit.WOVersion("tmp_secret_key_wo", woAfterStart),
		"tmp_token_wo":              tfkit.WriteOnly("Token of the temporary credentials (write-only)."),
		"tmp_token_wo_version":      tfkit.WOVersion("tmp_token_wo", woAfterStart),
		"encrypt_conn":              tfkit.APIDefaulted(tfkit.Enum("Endpoint.EncryptConn", "Encrypted transport:", true)),
		"database_net_env":          tfkit.Enum("Endpoint.DatabaseNetEnv", "Network environment, required for `ccn` access:", true),
		"ccn_owner_uin":             opt("Account that owns the CCN instance, across accounts."),
		"child_instance_id":         opt("ID of a TDSQL-C child instance of the cluster."),
		"child_instance_type":       tfkit.Enum("Endpoint.ChildInstanceType", "Type of that child instance:", true),
		"set_id":                    opt("TDSQL set ID; required for a `set` node."),
	}
}

func names(desc string) schema.ListAttribute {
	return schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: desc}
}

func enumList(key, desc string) schema.ListAttribute {
	a := names(desc + " " + dtsapi.MustEnum(key).Describe() + ".")
	if e := dtsapi.MustEnum(key); e.Closed {
		a.Validators = []validator.List{listvalidator.ValueStringsAre(stringvalidator.OneOf(e.Values...))}
	}
	return a
}

func ddlOptionsAttribute(desc string) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{Optional: true, MarkdownDescription: desc,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"ddl_object": tfkit.Enum("DdlOption.DdlObject", "DDL object, e.g.", false),
			"ddl_value":  enumList("DdlOption.DdlValue", "DDL operations, e.g."),
		}}}
}

func opFilterAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{Optional: true, MarkdownDescription: "DML and DDL allowed at this level (`OpFilter`).",
		Attributes: map[string]schema.Attribute{
			"op_types":    enumList("Options.OpTypes", "DML (and DDL) operations:"),
			"ddl_options": ddlOptionsAttribute("DDL allowed, by object."),
		}}
}

func objectsAttribute() schema.SingleNestedAttribute {
	mode := func(name, what string) schema.StringAttribute {
		return tfkit.Enum("Database."+name, what+" selection mode (`Partial` needs the list):", true)
	}
	renames := func(desc, name, newName string) schema.ListNestedAttribute {
		return schema.ListNestedAttribute{Optional: true, MarkdownDescription: desc,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				name: tfkit.Opt("Name."), newName: tfkit.Opt("Name in the target."),
			}}}
	}
	return schema.SingleNestedAttribute{
		Required: true,
		MarkdownDescription: "What to sync (`Objects`). On a running job a change is made in place with `ModifySyncJobConfig`, " +
			"a modify-check and `StartModifySyncJob` — never a stop (a partial column selection is refused there).",
		Attributes: map[string]schema.Attribute{
			"mode":             tfkit.Enum("Objects.Mode", "Selection mode:", false),
			"advanced_objects": names("Advanced objects (`function`, `procedure`); they need `options.init_type` `Structure` or `Full`."),
			"online_ddl": schema.SingleNestedAttribute{Optional: true, MarkdownDescription: "Deprecated by DTS: use `tmp_tables`.",
				Attributes: map[string]schema.Attribute{"status": tfkit.Enum("OnlineDDL.Status", "Online DDL:", false)}},
			"databases": schema.ListNestedAttribute{
				Optional:            true,
				MarkdownDescription: "Databases (`Database`); each needs `db_name` and `db_mode` in a `Partial` selection.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"db_name": tfkit.Opt("Database name."), "new_db_name": tfkit.Opt("Name in the target."),
					"db_mode":     mode("DbMode", "Database"),
					"schema_name": tfkit.Opt("Schema (PostgreSQL)."), "new_schema_name": tfkit.Opt("Schema in the target."),
					"schema_mode": mode("SchemaMode", "Schema"),
					"table_mode":  mode("TableMode", "Table"),
					"tables": schema.ListNestedAttribute{Optional: true, MarkdownDescription: "Tables, with `table_mode = \"Partial\"`.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"table_name":       tfkit.Opt("Table name."),
							"new_table_name":   tfkit.Opt("Name in the target; excludes `tmp_tables`."),
							"filter_condition": tfkit.Opt("Row filter (a SQL condition)."),
							"column_mode":      tfkit.Enum("Table.ColumnMode", "Columns (`Partial` needs `columns`; refused for a running job):", true),
							"columns":          renames("Columns, with `column_mode = \"Partial\"`.", "column_name", "new_column_name"),
							"tmp_tables":       names("Temporary tables of online DDL tools (`table_edit_mode = \"pt\"`)."),
							"table_edit_mode":  tfkit.Enum("Table.TableEditMode", "Edit mode:", true),
						}}},
					"view_mode":      mode("ViewMode", "View"),
					"views":          renames("Views, with `view_mode = \"Partial\"`.", "view_name", "new_view_name"),
					"function_mode":  mode("FunctionMode", "Function"),
					"functions":      names("Functions."),
					"procedure_mode": mode("ProcedureMode", "Procedure"),
					"procedures":     names("Procedures."),
					"trigger_mode":   mode("TriggerMode", "Trigger (DTS sync does not sync triggers yet)"),
					"triggers":       names("Triggers."),
					"event_mode":     mode("EventMode", "Event (DTS sync does not sync events yet)"),
					"events":         names("Events."),
				}},
			},
			"databases_op_filter": schema.ListNestedAttribute{
				Optional:            true,
				MarkdownDescription: "DML/DDL allow-lists per database, table and view (`DBOpFilter`).",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"db_name":   schema.StringAttribute{Required: true, MarkdownDescription: "Database."},
					"op_filter": opFilterAttribute(),
					"tables": schema.ListNestedAttribute{Optional: true, MarkdownDescription: "Per table.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"table_name": schema.StringAttribute{Required: true, MarkdownDescription: "Table."}, "op_filter": opFilterAttribute()}}},
					"views": schema.ListNestedAttribute{Optional: true, MarkdownDescription: "Per view.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"view_name": schema.StringAttribute{Required: true, MarkdownDescription: "View."}, "op_filter": opFilterAttribute()}}},
				}},
			},
		},
	}
}

func optionsAttribute(ctx context.Context) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional:      true,
		Computed:      true,
		CustomType:    tfkit.NewObjectType[optionsModel](ctx),
		PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
		MarkdownDescription: "How to sync (`Options`); unset, DTS's defaults, which a refresh shows. On a running job the options DTS can change (`DynamicOptions`: `op_types`, " +
			"`ddl_options`, `conflict_handle_type`, `conflict_handle_option`, `kafka_option`, `filter_begin_commit`, `filter_checkpoint`, " +
			"`deal_of_exist_same_table`, `start_position`) change in place with the objects; `init_type` and `add_additional_column` replace the job.",
		Attributes: map[string]schema.Attribute{
			"init_type":                tfkit.APIDefaulted(tfkit.Enum("Options.InitType", "Initial load (DTS's default `Full`):", true)),
			"deal_of_exist_same_table": tfkit.APIDefaulted(tfkit.Enum("Options.DealOfExistSameTable", "Tables that exist in the target:", true)),
			"conflict_handle_type":     tfkit.APIDefaulted(tfkit.Enum("Options.ConflictHandleType", "Conflicts (a Kafka target's cannot change after the start):", true)),
			"conflict_handle_option": schema.SingleNestedAttribute{Optional: true, MarkdownDescription: "Details of `ConditionCover`.",
				Attributes: map[string]schema.Attribute{
					"condition_column":               tfkit.Opt("Column compared."),
					"condition_operator":             tfkit.Enum("ConflictHandleOption.ConditionOperator", "Operator:", true),
					"condition_order_in_src_and_dst": tfkit.Enum("ConflictHandleOption.ConditionOrderInSrcAndDst", "Which side wins:", true),
				}},
			"add_additional_column": schema.BoolAttribute{Optional: true, MarkdownDescription: "Add the additional column (a change replaces the job)."},
			"op_types":              enumList("Options.OpTypes", "Operations to sync, at least one DML:"),
			"ddl_options":           ddlOptionsAttribute("DDL to sync, with `PartialDDL` in `op_types`."),
			"kafka_option": schema.SingleNestedAttribute{Optional: true, MarkdownDescription: "Required for a `kafka` target (`KafkaOption`).",
				Attributes: map[string]schema.Attribute{
					"data_type":      tfkit.Enum("KafkaOption.DataType", "Message format, e.g.", false),
					"topic_type":     tfkit.Enum("KafkaOption.TopicType", "`Single` topic or `Multi` (custom topics):", false),
					"ddl_topic_name": tfkit.Opt("Topic of the DDL messages."),
					"data_option":    schema.MapAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: "Extra options, e.g. `canalOfficialFormat = \"on\"`."},
					"topic_rules": schema.ListNestedAttribute{Optional: true, MarkdownDescription: "Topic rules; the last has `db_match_mode` and `table_match_mode` `Default`.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"topic_name":       tfkit.Opt("Topic (the same in every rule of a `Single` topic)."),
							"partition_type":   tfkit.Enum("TopicRule.PartitionType", "Partitioning:", true),
							"db_match_mode":    tfkit.Enum("TopicRule.DbMatchMode", "Database match:", true),
							"db_name":          tfkit.Opt("Database pattern, with `Regular`."),
							"table_match_mode": tfkit.Enum("TopicRule.TableMatchMode", "Table match:", true),
							"table_name":       tfkit.Opt("Table pattern, with `Regular`."),
							"columns":          names("Columns, with `PartitionByCols`."),
						}}},
				}},
			"start_position": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Kafka targets, increment-only jobs (`init_type = \"None\"`): where to start, in RFC 3339 (e.g. `2026-12-01T02:00:00+08:00`).",
				Validators:          []validator.String{tfkit.RFC3339()}},
			"filter_begin_commit": schema.BoolAttribute{Optional: true, MarkdownDescription: "Kafka targets (mysql2kafka): drop begin and commit messages."},
			"filter_checkpoint":   schema.BoolAttribute{Optional: true, MarkdownDescription: "Kafka targets (mysql2kafka): drop checkpoint messages."},
		},
	}
}

func resourceSchema(ctx context.Context) schema.Schema {
	purchase := func(a schema.StringAttribute) schema.StringAttribute { return replaceable(a) }
	return schema.Schema{
		MarkdownDescription: resourceDescription,
		Attributes: map[string]schema.Attribute{
			"id": tfkit.ID("Job ID (`sync-…`)."),
			"name": schema.StringAttribute{Required: true, Validators: []validator.String{stringvalidator.UTF8LengthBetween(1, 128)},
				MarkdownDescription: "Job name (`JobName`). It can change until the job starts; DTS cannot rename a started sync job (a plan-time error)."},
			"pay_mode": purchase(schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("PostPay"),
				MarkdownDescription: "`PostPay` (default, pay as you go) or `PrePay` (monthly). A purchase parameter.",
				Validators:          []validator.String{stringvalidator.OneOf(dtsapi.MustEnum("CreateSyncJobRequest.PayMode").Values...)}}),
			"time_span": schema.Int64Attribute{Optional: true, MarkdownDescription: "Months bought, 1–100, with `PrePay`. A purchase parameter.",
				Validators: []validator.Int64{int64validator.Between(1, 100)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplaceIf(whenKnownBefore,
					"A change replaces the job (but not after an import: DTS does not report the time span).",
					"A change replaces the job (but not after an import: DTS does not report the time span).")}},
			"auto_renew": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Renew a `PrePay` job automatically. A purchase parameter (a change replaces the job).",
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.RequiresReplace()}},
			"instance_class": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("medium"),
				MarkdownDescription: "Specification: `micro`, `small`, `medium` (default) or `large`. Changes in place (`ResizeSyncJob`) for `PostPay` jobs; DTS does not resize `PrePay` jobs (a plan-time error).",
				Validators:          []validator.String{stringvalidator.OneOf(dtsapi.MustEnum("CreateSyncJobRequest.InstanceClass").Values...)}},
			"specification": purchase(tfkit.APIDefaulted(tfkit.Enum("CreateSyncJobRequest.Specification", "Edition (a purchase parameter):", true))),
			"tags": schema.MapAttribute{Optional: true, ElementType: types.StringType, Validators: []validator.Map{jobkit.TagsValidator()},
				MarkdownDescription: "Tags, set at purchase. No sync action changes tags: a change afterwards is a plan-time error."},
			"src_info": endpointAttribute("source"),
			"dst_info": endpointAttribute("target"),
			"objects":  objectsAttribute(),
			"options":  optionsAttribute(ctx),
			"rate_limit": tfkit.RateLimitAttribute(ctx, "Sync speed (MongoDB: `dump_rps` at most 20 000), applied with `ModifySyncRateLimit` "+
				"once the job runs and changed in place while it is `Running`; a change to a job that has stopped running is a plan-time error."),
			"auto_retry_time_range_minutes": tfkit.AutoRetryMinutes(),
			"run_mode": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("Immediate"),
				MarkdownDescription: "`Immediate` (default) or `Timed` (start at `expect_run_time`). Fixed once the job has started.",
				Validators:          []validator.String{stringvalidator.OneOf(dtsapi.MustEnum("ConfigureSyncJobRequest.RunMode").Values...)}},
			"expect_run_time": schema.StringAttribute{Optional: true, CustomType: tfkit.TimeType{},
				MarkdownDescription: "Start of a `Timed` job, in RFC 3339, compared by meaning. Fixed once the job has started.",
				Validators:          []validator.String{tfkit.RFC3339()}},
			"job_mode": tfkit.Enum("ConfigureSyncJobRequest.JobMode", "Configuration mode (DTS's default `fullMode`):", true),
			"state": tfkit.Stage(stageRunning, desiredStages, "Desired stage: `checked`, `running` (default), `paused` or `stopped` (not on create). "+
				"After a refresh it shows the observed stage when the job left the desired one, and apply takes it back (see above)."),
			"skip_check_steps": tfkit.SkipCheckSteps("SkipSyncCheckItem"),
			"deletion_policy":  tfkit.DeletionPolicy("stops, isolates and deletes the job"),
			"status":           tfkit.Observed("Raw DTS status of the job at the last refresh: " + dtsapi.MustEnum("SyncJobInfo.Status").Describe() + "."),
			"trade_status":     tfkit.Observed("Billing status: " + dtsapi.MustEnum("SyncJobInfo.TradeStatus").Describe() + "."),
			"opt_obj_status":   tfkit.Observed("State of a change of the objects of the running job (`OptObjStatus`); `Normal` when none is under way."),
			"message":          tfkit.Observed("DTS's message about the job (the detail's `Message`)."),
			"timeouts": tfkit.Timeouts(ctx, "Default 60m. Before the start a timeout fails the apply; once the start is accepted it only warns.",
				"Default 60m.", "Default 30m."),
		},
	}
}

// whenKnownBefore replaces the job when the state held a value: after an
// import it holds none (DTS does not report it), and the plan records the
// configured one.
func whenKnownBefore(_ context.Context, req planmodifier.Int64Request, resp *int64planmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !req.StateValue.IsNull()
}
