package compare

import (
	"context"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// Default timeouts of dts_compare_task. A creation waits for the parent's
// incremental phase (the end of a full load) and for the comparison.
const (
	createTimeout = 6 * time.Hour
	updateTimeout = 20 * time.Minute
	deleteTimeout = 30 * time.Minute
)

// The resource's object modes (CreateCompareTaskRequest.ObjectMode).
const (
	objectModeSame   = "sameAsMigrate"
	objectModeCustom = "custom"
)

// Limits of the definition: ThreadCount "取值1-8", SampleRate 0–100 (%),
// ReCheckInterval 1–60 minutes; TaskName is held to a job name's 128
// characters (the definition gives none).
const (
	maxThreads         = 8
	maxSampleRate      = 100
	maxRecheckInterval = 60
	maxNameLength      = 128
)

var (
	jobIDPattern    = regexp.MustCompile(`^(dts|sync)-[0-9a-z]+$`)
	timeZonePattern = regexp.MustCompile(`^[+-]\d{2}:\d{2}$`)
	// regionPattern refuses "" (e.g. a module variable left empty): Create
	// would write the provider's region over the planned "", which
	// Terraform reports as an inconsistent result and taints.
	regionPattern = regexp.MustCompile(`^\S+$`)
)

// computed is a result attribute: Read's, and stable in the plan of an
// update (an update never changes the comparison).
func computed(desc string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: desc,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
}

func computedInt(desc string) schema.Int64Attribute {
	return schema.Int64Attribute{Computed: true, MarkdownDescription: desc,
		PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}}
}

func computedTime(desc string) schema.StringAttribute {
	a := computed(desc + tfkit.TimeNote)
	a.CustomType = tfkit.TimeType{}
	return a
}

// apiInt is a number DTS defaults when it is not set.
func apiInt(desc string, v ...validator.Int64) schema.Int64Attribute {
	return schema.Int64Attribute{Optional: true, Computed: true, MarkdownDescription: desc, Validators: v,
		PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}}
}

func required(desc string) schema.StringAttribute {
	return schema.StringAttribute{Required: true, MarkdownDescription: desc, Validators: []validator.String{tfkit.NotBlank()}}
}

func nestedList(desc string, attrs map[string]schema.Attribute) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{Optional: true, MarkdownDescription: desc,
		NestedObject: schema.NestedAttributeObject{Attributes: attrs}}
}

func tablesAttribute() schema.ListNestedAttribute {
	return nestedList("Tables (`CompareTableItem`), with `table_mode = \"partial\"`.", map[string]schema.Attribute{
		"table_name": required("Table name."),
		"column_mode": tfkit.APIDefaulted(tfkit.Enum("CompareTableItem.ColumnMode",
			"Columns (sync jobs only; `partial` needs `columns`; DTS's default `all`):", true)),
		"columns": nestedList("Columns, with `column_mode = \"partial\"` (sync jobs only).",
			map[string]schema.Attribute{"column_name": required("Column name.")}),
		"filter_condition": tfkit.Opt("Row filter: compare only the rows matching this SQL condition."),
		"filter_time_zone": schema.StringAttribute{Optional: true,
			MarkdownDescription: "Time zone of the times in `filter_condition`, e.g. `+08:00` (unset: `+00:00`).",
			Validators:          []validator.String{stringvalidator.RegexMatches(timeZonePattern, "must be an offset such as +08:00")}},
	})
}

func objectsAttribute(ctx context.Context) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional: true, Computed: true, CustomType: tfkit.NewObjectType[objectsModel](ctx),
		PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
		MarkdownDescription: "What to compare (`CompareObject`), with `object_mode = \"custom\"`: a subset of the job's objects. " +
			"Unset, it shows what DTS compares (the job's objects, with `sameAsMigrate`). A change is a new comparison (replacement).",
		Attributes: map[string]schema.Attribute{
			"object_mode": tfkit.Enum("CompareObject.ObjectMode", "The whole instance or some objects — not the resource's own "+
				"`object_mode`, whose values differ:", false),
			"object_items": nestedList("Databases (`CompareObjectItem`); required with `object_mode = \"partial\"`.", map[string]schema.Attribute{
				"db_name":     required("Database name."),
				"db_mode":     tfkit.Enum("CompareObjectItem.DbMode", "The whole database or some tables:", false),
				"schema_name": tfkit.Opt("Schema (PostgreSQL)."),
				"table_mode":  tfkit.APIDefaulted(tfkit.Enum("CompareObjectItem.TableMode", "Tables (`partial` needs `tables`; DTS's default `all`):", true)),
				"tables":      tablesAttribute(),
				"view_mode": tfkit.APIDefaulted(tfkit.Enum("CompareObjectItem.ViewMode",
					"Views (DTS does not compare views; `partial` needs `views`; read back `none` when unset):", true)),
				"views": nestedList("Views, with `view_mode = \"partial\"`.", map[string]schema.Attribute{"view_name": required("View name.")}),
			}),
			"advanced_objects": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Advanced objects (mongodb links only): " + dtsapi.MustEnum("CompareObject.AdvancedObjects").Describe() + "."},
		},
	}
}

func optionsAttribute(ctx context.Context) schema.SingleNestedAttribute {
	compareMode := dtsapi.MustEnum("CompareOptions.CompareMode")
	return schema.SingleNestedAttribute{
		Optional: true, Computed: true, CustomType: tfkit.NewObjectType[optionsModel](ctx),
		PlanModifiers:       []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
		MarkdownDescription: "How to compare (`CompareOptions`); unset values show DTS's defaults. A change is a new comparison (replacement).",
		Attributes: map[string]schema.Attribute{
			"method": tfkit.APIDefaulted(tfkit.Enum("CompareOptions.Method", "Full data, sampled data or row counts (DTS's default `dataCheck`):", true)),
			"sample_rate": apiInt("Share of the rows compared with `sampleDataCheck`, 0–100 % (DTS's default 100).",
				int64validator.Between(0, maxSampleRate)),
			"thread_count": apiInt("Threads, 1–8 (the definition's range; DTS's default 1).", int64validator.Between(1, maxThreads)),
			"type": tfkit.APIDefaulted(tfkit.Enum("CompareOptions.Type", "Who checks (DTS's default `builtin`; mongodb and "+
				"Redis-family links take no `independent` check; a sync job's `CauseOfCompareDisable` refuses `builtin` ones):", true)),
			"compare_mode": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "What to check: " + compareMode.Describe() + " (`increment` needs `method = \"dataCheck\"`; " +
					"`structureCheck` postgresql links, `advanceObject` mongodb links).",
				Validators: []validator.List{listvalidator.ValueStringsAre(stringvalidator.OneOf(compareMode.Values...))}},
			"re_check_time": schema.Int64Attribute{Optional: true, MarkdownDescription: "How many times differing rows are checked again.",
				Validators: []validator.Int64{int64validator.AtLeast(0)}},
			"re_check_interval": schema.Int64Attribute{Optional: true, MarkdownDescription: "Minutes between two checks of differing rows, 1–60.",
				Validators: []validator.Int64{int64validator.Between(1, maxRecheckInterval)}},
		},
	}
}

func resourceSchema(ctx context.Context) schema.Schema {
	return schema.Schema{
		MarkdownDescription: resourceDescription,
		Attributes: map[string]schema.Attribute{
			"id": tfkit.ID("The compare task's ID, as `compare_task_id`."),
			"job_id": schema.StringAttribute{Required: true,
				MarkdownDescription: "The job compared: a migration job (`dts-…`) or a sync job (`sync-…`); its prefix chooses the API family. A change is a new comparison.",
				Validators:          []validator.String{stringvalidator.RegexMatches(jobIDPattern, "must be a migration job ID (dts-…) or a sync job ID (sync-…)")}},
			"region": schema.StringAttribute{Optional: true, Computed: true,
				MarkdownDescription: "Region of the job (the region of its target database); defaults to the provider's region (unset, not `\"\"`). Every call for the task goes there.",
				Validators: []validator.String{stringvalidator.RegexMatches(regionPattern,
					"must name a region, e.g. ap-guangzhou; leave region unset for the provider's region")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"name": schema.StringAttribute{Optional: true, Computed: true,
				MarkdownDescription: "Task name (`TaskName`); unset, DTS names the task after its ID. Changes in place (`Modify…CompareTaskName`).",
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, maxNameLength)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"object_mode": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(objectModeSame),
				MarkdownDescription: "`sameAsMigrate` (default: the job's objects) or `custom` (`objects`). A change is a new comparison. " +
					"DTS does not report it: an import reads `custom` with the objects DTS reports, and the first plan after it takes " +
					"`sameAsMigrate` from the configuration in place.",
				Validators: []validator.String{stringvalidator.OneOf(dtsapi.MustEnum("CreateCompareTaskRequest.ObjectMode").Values...)}},
			"objects": objectsAttribute(ctx),
			"options": optionsAttribute(ctx),
			"wait_for_completion": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Wait until the comparison ends (default `true`); `false` returns once it started, and refreshes show its progress. Changes in place, for the next comparison."},
			"fail_on_difference": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Fail the apply, listing the differing tables and rows, when the conclusion is `different` or `skipAll` (the cutover gate); the task is then tainted, and the next apply runs a fresh comparison. Needs `wait_for_completion`. Changes in place, for the next comparison."},
			"compare_task_id":  computed("Task ID (`<job ID>-cmp-…`)."),
			"status":           computed("Task status at the last refresh: " + dtsapi.MustEnum("CompareTaskItem.Status").Describe() + "."),
			"conclusion":       computed("The comparison's conclusion once it succeeded: " + dtsapi.MustEnum("CompareTaskItem.Conclusion").Describe() + " (nothing was compared); null before."),
			"message":          computed("DTS's message about the task: why it failed or stopped; `done` after a success."),
			"started_at":       computedTime("When the comparison started"),
			"finished_at":      computedTime("When the comparison ended"),
			"total_tables":     computedInt("Tables in the comparison's scope."),
			"checked_tables":   computedInt("Tables compared so far."),
			"different_tables": computedInt("Tables that differ."),
			"skipped_tables":   computedInt("Tables skipped (e.g. without a primary key)."),
			"different_rows":   computedInt("Rows that differ, over all tables."),
			"timeouts": tfkit.Timeouts(ctx, "Default 6h: the wait for the job's incremental phase and the comparison.",
				"Default 20m (a rename).", "Default 30m (a stop and the deletion)."),
		},
	}
}
