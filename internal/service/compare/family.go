package compare

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
)

// A family is one of the two API families of compare actions: *Compare* for
// migration jobs (dts-…) and *SyncCompare* for sync jobs (sync-…), chosen by
// the parent's ID. The families' models have the same members: the code is
// written once over the migration family's models (a start's request for
// every action that takes only JobId and CompareTaskId), which each call
// re-encodes into the action's own models (the sync report's IncAbstract,
// which the migration report lacks, is not read).
type family struct {
	// Prefix of the parents' IDs; Noun names a parent.
	Prefix, Noun string
	// The actions, by what they do.
	Create, Start, Stop, List, Report, DiffItems, Rename, Delete string
	// Columns: the family's objects may select columns
	// (CompareTableItem.ColumnMode, "该参数仅对数据同步任务有效").
	Columns bool
}

var families = []*family{
	{Prefix: "dts-", Noun: "migration job", Create: "CreateCompareTask", Start: "StartCompare", Stop: "StopCompare",
		List: "DescribeCompareTasks", Report: "DescribeCompareReport", DiffItems: "DescribeCompareDiffItems",
		Rename: "ModifyCompareTaskName", Delete: "DeleteCompareTask"},
	{Prefix: "sync-", Noun: "sync job", Create: "CreateSyncCompareTask", Start: "StartSyncCompare", Stop: "StopSyncCompare",
		List: "DescribeSyncCompareTasks", Report: "DescribeSyncCompareReport", DiffItems: "DescribeSyncCompareDiffItems",
		Rename: "ModifySyncCompareTaskName", Delete: "DeleteSyncCompareTask", Columns: true},
}

// familyOf is the family of the parent jobID; nil for an ID of neither kind.
func familyOf(jobID string) *family {
	for _, f := range families {
		if strings.HasPrefix(jobID, f.Prefix) {
			return f
		}
	}
	return nil
}

// parentOf is the parent job of a compare task ID (`<parent>-cmp-…`, as
// CreateCompareTaskResponse documents it); "" when the ID has no parent.
func parentOf(taskID string) string {
	parent, _, found := strings.Cut(taskID, "-cmp-")
	if !found || familyOf(parent) == nil {
		return ""
	}
	return parent
}

// call makes one action of the family in region. req and resp are models
// with the action's members (the migration family's); they are re-encoded
// into the action's own models (same members, same JSON names).
func (f *family) call(ctx context.Context, env *jobkit.Env, region, action string, req, resp any) error {
	info, ok := dtsapi.Actions[action]
	if !ok {
		return fmt.Errorf("%s: unknown action", action)
	}
	wreq, wresp := info.NewRequest(), info.NewResponse()
	if err := reencode(req, wreq); err != nil {
		return fmt.Errorf("%s: %w", action, err)
	}
	if err := env.Client.Call(ctx, region, action, wreq, wresp); err != nil {
		return err
	}
	if err := reencode(wresp, resp); err != nil {
		return fmt.Errorf("%s: %w", action, err)
	}
	return nil
}

// reencode copies src into dst, two models with the same members.
func reencode(src, dst any) error {
	b, err := json.Marshal(src)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, dst)
}
