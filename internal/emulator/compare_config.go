package emulator

import (
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// A compare task's configuration (CreateCompareTask, ModifyCompareTask and
// their sync twins): its objects and options, checked against the parent
// job. The chain has already checked the shape, the closed enums, the
// definition's "required when" rules and FilterTimeZone's format.

const (
	compareSameAsMigrate = "sameAsMigrate"
	compareCustom        = "custom"

	maxCompareThreads        = 8
	maxCompareSampleRate     = 100
	maxCompareRecheckMinutes = 60
)

// compareConfig is what a create or a modify sets.
type compareConfig struct {
	ObjectMode     string
	Objects, Scope *dtsapi.CompareObject
	Options        *dtsapi.CompareOptions
}

// configureCompare checks a configuration against the parent p and returns
// it with its defaults: the objects first (ObjectMode "" is sameAsMigrate),
// then the options, then whether the parent allows a builtin check.
func configureCompare(f *compareFamily, p compareParent, mode string, objects *dtsapi.CompareObject,
	options *dtsapi.CompareOptions,
) (compareConfig, *apiError) {
	cfg := compareConfig{ObjectMode: mode}
	if mode == "" {
		cfg.ObjectMode = compareSameAsMigrate
	}
	src, dst := p.compareLink()
	switch cfg.ObjectMode {
	case compareSameAsMigrate:
		if objects != nil {
			return cfg, errf(codeInvalidParameterValue,
				"The parameter `Objects` is only for ObjectMode `custom`; with `sameAsMigrate` the task compares the job's objects.")
		}
		cfg.Scope = p.compareScope()
	default:
		if err := checkCompareObjects(f, objects, src, dst); err != nil {
			return cfg, err
		}
		scope, err := narrowObjects(objects, p.compareScope())
		if err != nil {
			return cfg, err
		}
		cfg.Scope = scope
	}
	cfg.Objects = compareObjectDefaults(cfg.Scope)
	if cfg.ObjectMode == compareCustom {
		cfg.Objects = compareObjectDefaults(objects)
	}
	opts, err := compareOptions(options, src, dst)
	if err != nil {
		return cfg, err
	}
	cfg.Options = opts
	if cause := p.compareDisabled(); cause != "" && deref(opts.Type) == "builtin" {
		return cfg, errf(codeOperationDenied, "A builtin consistency check cannot be created on %s %s: %s",
			f.Noun, p.base().JobID, cause)
	}
	return cfg, nil
}

// checkCompareObjects checks what the definition cannot express of custom
// objects: a partial selection lists its databases, a partial database its
// TableMode, every table its name; columns only for sync jobs; advanced
// objects only on mongodb links.
func checkCompareObjects(f *compareFamily, o *dtsapi.CompareObject, src, dst string) *apiError {
	if o == nil {
		return missingParameter("Objects", " (ObjectMode is custom)")
	}
	if len(o.AdvancedObjects) > 0 && src != "mongodb" && dst != "mongodb" {
		return errf(codeInvalidParameterValue,
			"The parameter `Objects.AdvancedObjects` is only supported on mongodb links (this link is %s to %s).", src, dst)
	}
	if deref(o.ObjectMode) != "partial" {
		return nil
	}
	if len(o.ObjectItems) == 0 {
		return missingParameter("Objects.ObjectItems", " (ObjectMode is partial)")
	}
	for i, item := range o.ObjectItems {
		path := fmt.Sprintf("Objects.ObjectItems.%d", i)
		if item == nil {
			return missingParameter(path, "")
		}
		if deref(item.DbMode) == "partial" && blankID(item.TableMode) {
			return missingParameter(path+".TableMode", " (DbMode is partial)")
		}
		for k, t := range item.Tables {
			if err := checkCompareTable(f, fmt.Sprintf("%s.Tables.%d", path, k), t); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkCompareTable(f *compareFamily, path string, t *dtsapi.CompareTableItem) *apiError {
	if t == nil || blankID(t.TableName) {
		return missingParameter(path+".TableName", "")
	}
	if !f.Columns && (deref(t.ColumnMode) == "partial" || len(t.Columns) > 0) {
		return errf(codeInvalidParameterValue,
			"The parameter `%s.ColumnMode` `partial` and `%s.Columns` apply to sync jobs only (该参数仅对数据同步任务有效).", path, path)
	}
	return nil
}

// narrowObjects checks that custom objects are a subset of the parent's
// selection and returns what is compared. A parent that transfers the whole
// instance contains any object. Under a partial parent, a custom "all" (the
// instance, a database, a table's columns) means the parent's selection of
// it; naming a database, table or column the parent does not transfer is
// InvalidParameterValue.
func narrowObjects(custom, parent *dtsapi.CompareObject) (*dtsapi.CompareObject, *apiError) {
	if deref(parent.ObjectMode) != "partial" {
		return cloneCompareObject(custom), nil
	}
	if deref(custom.ObjectMode) != "partial" {
		return cloneCompareObject(parent), nil
	}
	out := &dtsapi.CompareObject{ObjectMode: ptr("partial"), AdvancedObjects: slices.Clone(custom.AdvancedObjects)}
	for i, item := range custom.ObjectItems {
		path := fmt.Sprintf("Objects.ObjectItems.%d", i)
		p := parentItem(parent, item)
		if p == nil {
			return nil, errf(codeInvalidParameterValue,
				"The database `%s` of parameter `%s.DbName` is not among the job's objects: the objects compared must be a subset of them.",
				deref(item.DbName), path)
		}
		n, err := narrowItem(path, item, p)
		if err != nil {
			return nil, err
		}
		out.ObjectItems = append(out.ObjectItems, n)
	}
	return out, nil
}

// parentItem is the parent's database (and schema, when both name one) that
// a custom item names, or nil.
func parentItem(parent *dtsapi.CompareObject, item *dtsapi.CompareObjectItem) *dtsapi.CompareObjectItem {
	for _, p := range parent.ObjectItems {
		if p == nil || deref(p.DbName) != deref(item.DbName) {
			continue
		}
		if s, ps := deref(item.SchemaName), deref(p.SchemaName); s != "" && ps != "" && s != ps {
			continue
		}
		return p
	}
	return nil
}

func wholeItem(i *dtsapi.CompareObjectItem) bool {
	return deref(i.DbMode) != "partial" || deref(i.TableMode) != "partial"
}

// narrowItem narrows one custom database to its parent database p.
func narrowItem(path string, item, p *dtsapi.CompareObjectItem) (*dtsapi.CompareObjectItem, *apiError) {
	out := cloneCompareItem(item)
	switch {
	case wholeItem(p):
		return out, nil
	case wholeItem(item):
		out.DbMode, out.TableMode = ptr("partial"), ptr("partial")
		out.Tables = cloneCompareItem(p).Tables
		return out, nil
	}
	out.Tables = nil
	for k, t := range item.Tables {
		tp := fmt.Sprintf("%s.Tables.%d", path, k)
		i := slices.IndexFunc(p.Tables, func(x *dtsapi.CompareTableItem) bool {
			return x != nil && deref(x.TableName) == deref(t.TableName)
		})
		if i < 0 {
			return nil, errf(codeInvalidParameterValue,
				"The table `%s` of parameter `%s.TableName` is not among the job's objects in database `%s`: the objects compared must be a subset of them.",
				deref(t.TableName), tp, deref(item.DbName))
		}
		n, err := narrowColumns(tp, t, p.Tables[i])
		if err != nil {
			return nil, err
		}
		out.Tables = append(out.Tables, n)
	}
	return out, nil
}

// narrowColumns narrows one custom table to its parent table p (columns are
// selected by sync jobs only).
func narrowColumns(path string, t, p *dtsapi.CompareTableItem) (*dtsapi.CompareTableItem, *apiError) {
	out := *t
	if deref(p.ColumnMode) != "partial" {
		return &out, nil
	}
	if deref(t.ColumnMode) != "partial" {
		out.ColumnMode, out.Columns = p.ColumnMode, p.Columns
		return &out, nil
	}
	for k, c := range t.Columns {
		if !slices.ContainsFunc(p.Columns, func(x *dtsapi.CompareColumnItem) bool {
			return x != nil && c != nil && deref(x.ColumnName) == deref(c.ColumnName)
		}) {
			return nil, errf(codeInvalidParameterValue,
				"The column of parameter `%s.Columns.%d.ColumnName` is not among the columns the job transfers: the objects compared must be a subset of them.",
				path, k)
		}
	}
	return &out, nil
}

// compareOptions checks the options against the link and fills in the
// defaults (Method dataCheck, SampleRate 100, ThreadCount 1, Type builtin,
// as the samples read them back).
func compareOptions(o *dtsapi.CompareOptions, src, dst string) (*dtsapi.CompareOptions, *apiError) {
	out := &dtsapi.CompareOptions{
		Method: ptr("dataCheck"), SampleRate: ptr[int64](maxCompareSampleRate), ThreadCount: ptr[int64](1),
		Type: ptr("builtin"), CompareMode: []*string{},
	}
	if o == nil {
		return out, nil
	}
	if err := checkOptionNumbers(o); err != nil {
		return nil, err
	}
	if deref(o.Method) != "" {
		out.Method = o.Method
	}
	if deref(o.Type) != "" {
		out.Type = o.Type
	}
	out.SampleRate = intOr(o.SampleRate, out.SampleRate)
	out.ThreadCount = intOr(o.ThreadCount, out.ThreadCount)
	out.ReCheckTime = intOr(o.ReCheckTime, out.ReCheckTime)
	out.ReCheckInterval = intOr(o.ReCheckInterval, out.ReCheckInterval)
	for _, m := range o.CompareMode {
		if m != nil && *m != "" && !slices.ContainsFunc(out.CompareMode, func(x *string) bool { return *x == *m }) {
			out.CompareMode = append(out.CompareMode, ptr(*m))
		}
	}
	if err := checkOptionLink(out, src, dst); err != nil {
		return nil, err
	}
	return out, nil
}

func intOr(v, def *int64) *int64 {
	if v != nil {
		return ptr(*v)
	}
	return def
}

// checkOptionNumbers checks the ranges of the numeric options:
// SampleRate 0–100, ThreadCount 1–8 ("取值1-8"), ReCheckTime not negative,
// ReCheckInterval 1–60 minutes.
func checkOptionNumbers(o *dtsapi.CompareOptions) *apiError {
	if r := deref(o.ReCheckTime); r < 0 {
		return errf(codeInvalidParameterValue, "The value `%d` of parameter `Options.ReCheckTime` must not be negative.", r)
	}
	rules := []struct {
		name     string
		v        *int64
		min, max int64
	}{
		{"SampleRate", o.SampleRate, 0, maxCompareSampleRate},
		{"ThreadCount", o.ThreadCount, 1, maxCompareThreads},
		{"ReCheckInterval", o.ReCheckInterval, 1, maxCompareRecheckMinutes},
	}
	for _, r := range rules {
		if r.v != nil && (*r.v < r.min || *r.v > r.max) {
			return errf(codeInvalidParameterValue, "The value `%d` of parameter `Options.%s` is not valid; it must be between %d and %d.",
				*r.v, r.name, r.min, r.max)
		}
	}
	return nil
}

// checkOptionLink checks the options the link decides: no independent check
// on mongodb and Redis-family links, increment only with dataCheck,
// structureCheck only on postgresql links, advanceObject only on mongodb.
func checkOptionLink(o *dtsapi.CompareOptions, src, dst string) *apiError {
	on := func(types ...string) bool { return slices.Contains(types, src) || slices.Contains(types, dst) }
	if deref(o.Type) == "independent" && on(append([]string{"mongodb"}, redisFamily...)...) {
		return errf(codeInvalidParameterValue,
			"The value `independent` of parameter `Options.Type` is not supported on %s to %s links (mongodb及redis链路不支持独立校验).", src, dst)
	}
	for i, m := range o.CompareMode {
		path := fmt.Sprintf("Options.CompareMode.%d", i)
		switch {
		case *m == "increment" && deref(o.Method) != "dataCheck":
			return errf(codeInvalidParameterValue,
				"The value `increment` of parameter `%s` needs `Options.Method` `dataCheck`, not `%s`.", path, deref(o.Method))
		case *m == "structureCheck" && !on("postgresql"):
			return errf(codeInvalidParameterValue, "The value `structureCheck` of parameter `%s` is only supported on postgresql links.", path)
		case *m == "advanceObject" && !on("mongodb"):
			return errf(codeInvalidParameterValue, "The value `advanceObject` of parameter `%s` is only supported on mongodb links.", path)
		}
	}
	return nil
}

// checkTaskName refuses a compare task name longer than a job name may be
// (the definition gives no limit: inferred).
func checkTaskName(name string) *apiError {
	if utf8.RuneCountInString(name) > maxJobNameLength {
		return errf(codeInvalidParameterValue, "The parameter `TaskName` is longer than %d characters.", maxJobNameLength)
	}
	return nil
}

// compareObjectDefaults is o as DescribeCompareTasks reads it back: a
// database without ViewMode reads none (as in the sample), without TableMode
// all; a table without ColumnMode reads all (as in the report sample).
func compareObjectDefaults(o *dtsapi.CompareObject) *dtsapi.CompareObject {
	out := cloneCompareObject(o)
	for _, item := range out.ObjectItems {
		if deref(item.DbMode) == "" {
			item.DbMode = ptr("all")
		}
		if deref(item.TableMode) == "" {
			item.TableMode = ptr("all")
		}
		if deref(item.ViewMode) == "" {
			item.ViewMode = ptr("none")
		}
		for _, t := range item.Tables {
			if deref(t.ColumnMode) == "" {
				t.ColumnMode = ptr("all")
			}
		}
	}
	return out
}

// cloneCompareObject is a deep copy of o, without nil items.
func cloneCompareObject(o *dtsapi.CompareObject) *dtsapi.CompareObject {
	if o == nil {
		return &dtsapi.CompareObject{ObjectMode: ptr("all")}
	}
	out := &dtsapi.CompareObject{ObjectMode: ptr(deref(o.ObjectMode)), AdvancedObjects: slices.Clone(o.AdvancedObjects)}
	for _, item := range o.ObjectItems {
		if item != nil {
			out.ObjectItems = append(out.ObjectItems, cloneCompareItem(item))
		}
	}
	return out
}

func cloneCompareItem(i *dtsapi.CompareObjectItem) *dtsapi.CompareObjectItem {
	out := *i
	out.Tables = nil
	for _, t := range i.Tables {
		if t != nil {
			c := *t
			c.Columns = slices.Clone(t.Columns)
			out.Tables = append(out.Tables, &c)
		}
	}
	out.Views = slices.Clone(i.Views)
	return &out
}
