package compare

import (
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// The dts_compare_task model. Attributes are the snake_case of the API's
// members (CreateCompareTaskRequest, CompareTaskItem, CompareAbstractInfo)
// and convert through tfkit's flex; the exceptions are the provider-wide
// table (name is TaskName, timeouts) plus what this file says:
//
//   - objects is CreateCompareTaskRequest.Objects, read back from
//     CompareTaskItem.Config (by hand: the member's name differs);
//   - the result (total_tables, …, different_rows) is the report's Abstract;
//   - id is compare_task_id; region, wait_for_completion and
//     fail_on_difference are the resource's own.

type taskModel struct {
	ID                types.String               `tfsdk:"id"`
	JobID             types.String               `tfsdk:"job_id"`
	Region            types.String               `tfsdk:"region"`
	Name              types.String               `tfsdk:"name"`
	ObjectMode        types.String               `tfsdk:"object_mode"`
	Objects           tfkit.Object[objectsModel] `tfsdk:"objects"`
	Options           tfkit.Object[optionsModel] `tfsdk:"options"`
	WaitForCompletion types.Bool                 `tfsdk:"wait_for_completion"`
	FailOnDifference  types.Bool                 `tfsdk:"fail_on_difference"`
	taskFields
	resultFields
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

// taskFields are what CompareTaskItem says of a task, as the resource and
// the data sources show it.
type taskFields struct {
	CompareTaskID types.String `tfsdk:"compare_task_id"`
	Status        types.String `tfsdk:"status"`
	Conclusion    types.String `tfsdk:"conclusion"`
	Message       types.String `tfsdk:"message"`
	StartedAt     tfkit.Time   `tfsdk:"started_at"`
	FinishedAt    tfkit.Time   `tfsdk:"finished_at"`
}

// resultFields are what a comparison found (CompareAbstractInfo).
type resultFields struct {
	TotalTables     types.Int64 `tfsdk:"total_tables"`
	CheckedTables   types.Int64 `tfsdk:"checked_tables"`
	DifferentTables types.Int64 `tfsdk:"different_tables"`
	SkippedTables   types.Int64 `tfsdk:"skipped_tables"`
	DifferentRows   types.Int64 `tfsdk:"different_rows"`
}

// objectsModel is a CompareObject.
type objectsModel struct {
	ObjectMode      types.String      `tfsdk:"object_mode"`
	ObjectItems     []objectItemModel `tfsdk:"object_items"`
	AdvancedObjects []string          `tfsdk:"advanced_objects"`
}

type objectItemModel struct {
	DbName     types.String `tfsdk:"db_name"`
	DbMode     types.String `tfsdk:"db_mode"`
	SchemaName types.String `tfsdk:"schema_name"`
	TableMode  types.String `tfsdk:"table_mode"`
	Tables     []tableModel `tfsdk:"tables"`
	ViewMode   types.String `tfsdk:"view_mode"`
	Views      []viewModel  `tfsdk:"views"`
}

type tableModel struct {
	TableName       types.String  `tfsdk:"table_name"`
	ColumnMode      types.String  `tfsdk:"column_mode"`
	Columns         []columnModel `tfsdk:"columns"`
	FilterCondition types.String  `tfsdk:"filter_condition"`
	FilterTimeZone  types.String  `tfsdk:"filter_time_zone"`
}

type columnModel struct {
	ColumnName types.String `tfsdk:"column_name"`
}

type viewModel struct {
	ViewName types.String `tfsdk:"view_name"`
}

// optionsModel is a CompareOptions.
type optionsModel struct {
	Method          types.String `tfsdk:"method"`
	SampleRate      types.Int64  `tfsdk:"sample_rate"`
	ThreadCount     types.Int64  `tfsdk:"thread_count"`
	Type            types.String `tfsdk:"type"`
	CompareMode     []string     `tfsdk:"compare_mode"`
	ReCheckTime     types.Int64  `tfsdk:"re_check_time"`
	ReCheckInterval types.Int64  `tfsdk:"re_check_interval"`
}
