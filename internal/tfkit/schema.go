package tfkit

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Schema builders every resource and data source uses, so that the same
// kind of attribute is described and validated the same way everywhere.

// Enum is a string attribute whose values are the API's enum key
// ("Structure.Member"); a closed enum is validated at plan time.
func Enum(key, what string, optional bool) schema.StringAttribute {
	e := dtsapi.MustEnum(key)
	a := schema.StringAttribute{Optional: optional, Required: !optional, MarkdownDescription: what + " " + e.Describe() + "."}
	if e.Closed {
		a.Validators = []validator.String{stringvalidator.OneOf(e.Values...)}
	} else {
		a.Validators = []validator.String{exactCase{e.Values}}
	}
	return a
}

// Opt is an optional string attribute.
func Opt(desc string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, MarkdownDescription: desc}
}

// APIDefaulted makes an attribute Optional and Computed: the API may fill it
// in when the configuration leaves it unset. An update plans the value the
// state holds, null included (the real API answers "" for most of them), so
// that plans show no "known after apply" for values nothing changes; an
// apply keeps what it planned.
func APIDefaulted(a schema.StringAttribute) schema.StringAttribute {
	a.Optional, a.Required, a.Computed = true, false, true
	a.PlanModifiers = append(a.PlanModifiers, stringplanmodifier.UseStateForUnknown())
	return a
}

// WriteOnly is a write-only secret: it reaches DTS, never the state or a plan.
func WriteOnly(desc string) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, WriteOnly: true, Sensitive: true, MarkdownDescription: desc}
}

// WOVersion is the companion of a write-only secret.
func WOVersion(of, afterStart string) schema.Int64Attribute {
	return schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: "Change this number to send a new `" + of + "`: write-only values are never stored, so Terraform " +
			"cannot see them change. " + afterStart,
	}
}

// Stage is the `state` attribute: the desired stage of a job.
func Stage(def string, stages []string, desc string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		Computed:            true,
		Default:             stringdefault.StaticString(def),
		MarkdownDescription: desc,
		Validators:          []validator.String{stringvalidator.OneOf(stages...)},
	}
}

// Deletion policies.
const (
	DeletionPolicyDelete  = "delete"
	DeletionPolicyAbandon = "abandon"
)

// DeletionPolicy is the `deletion_policy` attribute.
func DeletionPolicy(what string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true,
		Computed: true,
		Default:  stringdefault.StaticString(DeletionPolicyDelete),
		MarkdownDescription: "`delete` (default): destroy " + what + ". `abandon`: destroy forgets a started job and leaves it " +
			"running; a job that never started is always deleted, so nothing billed is forgotten. A replacement abandons the old job " +
			"too: it keeps running next to the new one.",
		Validators: []validator.String{stringvalidator.OneOf(DeletionPolicyDelete, DeletionPolicyAbandon)},
	}
}

// ImportDefaults sets what an imported job's state lacks and the schema
// defaults: the deletion policy and a null timeouts block.
func ImportDefaults(ctx context.Context, policy *types.String, t *timeouts.Value) {
	if policy.IsNull() || policy.IsUnknown() {
		*policy = types.StringValue(DeletionPolicyDelete)
	}
	if len(t.AttributeTypes(ctx)) == 0 {
		*t = timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
			"create": types.StringType, "update": types.StringType, "delete": types.StringType})}
	}
}

// ID is the computed `id` attribute.
func ID(desc string) schema.StringAttribute {
	return schema.StringAttribute{
		Computed:            true,
		MarkdownDescription: desc,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

// Observed is a computed attribute Read writes (a status, a message). A
// resource's ModifyPlan keeps it from the state in plans that do not move the
// job (KeepObserved), so that a rename's plan shows only the rename.
func Observed(desc string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
}

// Timeouts is the `timeouts` attribute with the three operations.
func Timeouts(ctx context.Context, create, update, del string) schema.Attribute {
	a := timeouts.Attributes(ctx, timeouts.Opts{
		Create: true, Update: true, Delete: true,
		CreateDescription: create, UpdateDescription: update, DeleteDescription: del,
	}).(schema.SingleNestedAttribute)
	a.MarkdownDescription = "How long create, update and delete may wait for DTS, e.g. `{ create = \"90m\" }`; " +
		"positive Go durations (`30s`, `90m`, `2h`)."
	a.Validators = append(a.Validators, positiveTimeouts{})
	return a
}

// ---- data sources ----

// ComputedString is a computed data source string.
func ComputedString(desc string) dschema.StringAttribute {
	return dschema.StringAttribute{Computed: true, MarkdownDescription: desc}
}

// TimeNote ends the description of every time attribute.
const TimeNote = " (RFC 3339; the API reports Beijing time, so the offset is +08:00). Null when not set."

// ComputedTime is a computed data source time (the API's Beijing time in
// RFC 3339).
func ComputedTime(desc string) dschema.StringAttribute {
	return dschema.StringAttribute{Computed: true, CustomType: TimeType{}, MarkdownDescription: desc + TimeNote}
}

// ComputedInt64 is a computed data source number.
func ComputedInt64(desc string) dschema.Int64Attribute {
	return dschema.Int64Attribute{Computed: true, MarkdownDescription: desc}
}

// ComputedStrings is a computed data source list of strings.
func ComputedStrings(desc string) dschema.ListAttribute {
	return dschema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
}

// ComputedMap is a computed data source map of strings.
func ComputedMap(desc string) dschema.MapAttribute {
	return dschema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
}

// ComputedObject is a computed data source object.
func ComputedObject(desc string, attrs map[string]dschema.Attribute) dschema.SingleNestedAttribute {
	return dschema.SingleNestedAttribute{Computed: true, MarkdownDescription: desc, Attributes: attrs}
}

// ComputedList is a computed data source list of objects.
func ComputedList(desc string, attrs map[string]dschema.Attribute) dschema.ListNestedAttribute {
	return dschema.ListNestedAttribute{Computed: true, MarkdownDescription: desc,
		NestedObject: dschema.NestedAttributeObject{Attributes: attrs}}
}

// Filter is an optional data source filter.
func Filter(desc string) dschema.StringAttribute {
	return dschema.StringAttribute{Optional: true, MarkdownDescription: desc}
}

// RegionFilter is a data source's optional region, checked at plan time.
func RegionFilter(desc string) dschema.StringAttribute {
	a := Filter(desc)
	a.Validators = []validator.String{Region()}
	return a
}

// FilterEnum is an optional data source filter over an enum.
func FilterEnum(key, what string) dschema.StringAttribute {
	e := dtsapi.MustEnum(key)
	a := dschema.StringAttribute{Optional: true, MarkdownDescription: what + ": " + e.Describe() + "."}
	if e.Closed {
		a.Validators = []validator.String{stringvalidator.OneOf(e.Values...)}
	} else {
		a.Validators = []validator.String{exactCase{e.Values}}
	}
	return a
}

// FilterEnumList is an optional data source filter over a list of enum
// values.
func FilterEnumList(key, what string) dschema.ListAttribute {
	e := dtsapi.MustEnum(key)
	a := dschema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: what + ": " + e.Describe() + "."}
	if e.Closed {
		a.Validators = []validator.List{listvalidator.ValueStringsAre(stringvalidator.OneOf(e.Values...))}
	} else {
		a.Validators = []validator.List{listvalidator.ValueStringsAre(exactCase{e.Values})}
	}
	return a
}

// ComputedAttributes turns resource attributes into computed data source
// attributes, so that a data source shows a job's configuration with the
// resource's names, descriptions and types. Write-only attributes and their
// *_wo_version companions are dropped: data sources never expose secrets.
func ComputedAttributes(attrs map[string]schema.Attribute) map[string]dschema.Attribute {
	out := make(map[string]dschema.Attribute, len(attrs))
	for name, a := range attrs {
		if a.IsWriteOnly() || strings.HasSuffix(name, "_wo_version") {
			continue
		}
		out[name] = ComputedAttribute(a)
	}
	return out
}

// ComputedAttribute is one resource attribute as a computed data source
// attribute (see ComputedAttributes).
func ComputedAttribute(a schema.Attribute) dschema.Attribute {
	return ReadOnly(a, a.GetMarkdownDescription())
}

// ReadOnly is ComputedAttribute with the data source's own description: a
// resource's description tells how to set and change the attribute
// ("unset, …", "a change replaces …"), which is not true of what a data
// source only shows. Nested attributes keep the resource's descriptions.
func ReadOnly(a schema.Attribute, desc string) dschema.Attribute {
	switch a := a.(type) {
	case schema.StringAttribute:
		return dschema.StringAttribute{Computed: true, CustomType: a.CustomType, MarkdownDescription: desc}
	case schema.Int64Attribute:
		return dschema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	case schema.BoolAttribute:
		return dschema.BoolAttribute{Computed: true, MarkdownDescription: desc}
	case schema.ListAttribute:
		return dschema.ListAttribute{Computed: true, ElementType: a.ElementType, MarkdownDescription: desc}
	case schema.MapAttribute:
		return dschema.MapAttribute{Computed: true, ElementType: a.ElementType, MarkdownDescription: desc}
	case schema.SingleNestedAttribute:
		return dschema.SingleNestedAttribute{Computed: true, CustomType: a.CustomType, MarkdownDescription: desc,
			Attributes: ComputedAttributes(a.Attributes)}
	case schema.ListNestedAttribute:
		return dschema.ListNestedAttribute{Computed: true, MarkdownDescription: desc,
			NestedObject: dschema.NestedAttributeObject{Attributes: ComputedAttributes(a.NestedObject.Attributes)}}
	}
	panic(fmt.Sprintf("tfkit: ComputedAttribute: unsupported attribute type %T", a))
}
