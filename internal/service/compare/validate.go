package compare

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// The cross-field rules of a configuration, from the definition's member
// descriptions: at plan time (ValidateConfig) and once more in Create, when
// every value is known. The rules that need the parent's link (mongodb,
// postgresql, Redis) are checked in Create, once the parent is read, before
// anything is created (checkLink). The emulator enforces the same rules.

func (r *taskResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m taskModel
	if diags := req.Config.Get(ctx, &m); diags.HasError() {
		return // values known only after apply: validated again once known, and in Create
	}
	resp.Diagnostics.Append(validate(&m)...)
}

func validate(m *taskModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if m.FailOnDifference.ValueBool() && !m.WaitForCompletion.IsNull() && !m.WaitForCompletion.IsUnknown() && !m.WaitForCompletion.ValueBool() {
		diags.AddAttributeError(path.Root("fail_on_difference"), "fail_on_difference needs wait_for_completion",
			"fail_on_difference = true judges the comparison's conclusion, which only a create that waits for the end knows. "+
				"Set wait_for_completion = true (the default), or fail_on_difference = false.")
	}
	// objects may be set with parts known only after apply (a list built
	// from another resource): set, but not readable before the apply.
	objects := m.objects()
	custom := m.ObjectMode.ValueString() == objectModeCustom
	set := !m.Objects.IsNull() && !m.Objects.IsUnknown()
	switch {
	case custom && m.Objects.IsNull():
		tfkit.Missing(&diags, path.Root("objects"), "object_mode = \"custom\" compares the objects you list: set objects.")
	case !custom && !m.ObjectMode.IsUnknown() && set:
		diags.AddAttributeError(path.Root("objects"), "objects need object_mode = \"custom\"",
			"With object_mode = \"sameAsMigrate\" (the default) the task compares the job's objects, and DTS refuses objects. "+
				"Set object_mode = \"custom\", or remove objects.")
	}
	if objects != nil {
		diags.Append(validateObjects(objects, m.JobID.ValueString())...)
	}
	if o := m.opts(); o != nil && slices.Contains(o.CompareMode, "increment") && !o.Method.IsNull() && !o.Method.IsUnknown() &&
		o.Method.ValueString() != "dataCheck" {
		diags.AddAttributeError(path.Root("options").AtName("method"), "An incremental check needs method = \"dataCheck\"",
			fmt.Sprintf("compare_mode has \"increment\", which DTS runs with method = \"dataCheck\" only, not %q.", o.Method.ValueString()))
	}
	return diags
}

// partialNeeds pairs each partial selection of a database with the list it
// needs ("required when … partial").
var partialNeeds = []struct {
	mode, list string
	get        func(*objectItemModel) (string, int)
}{
	{"db_mode", "table_mode", func(i *objectItemModel) (string, int) { return i.DbMode.ValueString(), boolInt(!i.TableMode.IsNull()) }},
	{"table_mode", "tables", func(i *objectItemModel) (string, int) { return i.TableMode.ValueString(), len(i.Tables) }},
	{"view_mode", "views", func(i *objectItemModel) (string, int) { return i.ViewMode.ValueString(), len(i.Views) }},
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func validateObjects(o *objectsModel, jobID string) diag.Diagnostics {
	var diags diag.Diagnostics
	at := path.Root("objects")
	if o.ObjectMode.ValueString() == "partial" && len(o.ObjectItems) == 0 {
		tfkit.Missing(&diags, at.AtName("object_items"), "objects.object_mode = \"partial\" compares the databases you list: set object_items.")
	}
	for i := range o.ObjectItems {
		item, ip := &o.ObjectItems[i], at.AtName("object_items").AtListIndex(i)
		for _, p := range partialNeeds {
			if mode, n := p.get(item); mode == "partial" && n == 0 {
				tfkit.Missing(&diags, ip.AtName(p.list), fmt.Sprintf("%s = \"partial\" needs %s.", p.mode, p.list))
			}
		}
		for j := range item.Tables {
			diags.Append(validateTable(ip.AtName("tables").AtListIndex(j), &item.Tables[j], jobID)...)
		}
	}
	return diags
}

func validateTable(at path.Path, t *tableModel, jobID string) diag.Diagnostics {
	var diags diag.Diagnostics
	partial := t.ColumnMode.ValueString() == "partial"
	switch {
	case (partial || len(t.Columns) > 0) && strings.HasPrefix(jobID, "dts-"):
		diags.AddAttributeError(at.AtName("columns"), "Columns are compared for sync jobs only",
			fmt.Sprintf("job_id %s is a migration job, and DTS selects columns only in the checks of sync jobs (该参数仅对数据同步任务有效). "+
				"Remove column_mode = \"partial\" and columns.", jobID))
	case partial && len(t.Columns) == 0:
		tfkit.Missing(&diags, at.AtName("columns"), "column_mode = \"partial\" needs columns.")
	case len(t.Columns) > 0 && !partial && !t.ColumnMode.IsUnknown():
		mode := "unset (DTS's default \"all\")"
		if !t.ColumnMode.IsNull() {
			mode = fmt.Sprintf("%q", t.ColumnMode.ValueString())
		}
		diags.AddAttributeError(at.AtName("column_mode"), "columns need column_mode = \"partial\"",
			fmt.Sprintf("The table lists columns, but column_mode is %s: DTS compares the listed columns with column_mode = "+
				"\"partial\" only, and every column otherwise. Set column_mode = \"partial\", or remove columns.", mode))
	}
	return diags
}

// objects and opts are the model's objects and options; nil when unset,
// unknown or not readable (a part unknown at plan time: the rules on them
// wait for Create, where every value is known).
func (m *taskModel) objects() *objectsModel {
	o, diags := m.Objects.Get(context.Background())
	if diags.HasError() {
		return nil
	}
	return o
}

func (m *taskModel) opts() *optionsModel {
	o, diags := m.Options.Get(context.Background())
	if diags.HasError() {
		return nil
	}
	return o
}
