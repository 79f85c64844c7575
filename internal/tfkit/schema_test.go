package tfkit

import (
	"testing"

	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// A data source shows a resource's nested attribute with its own
// description; the nested attributes keep the resource's.
func TestReadOnly(t *testing.T) {
	a := schema.SingleNestedAttribute{Optional: true, MarkdownDescription: "Unset, DTS's defaults. A change replaces the job.",
		Attributes: map[string]schema.Attribute{"mode": schema.StringAttribute{Optional: true, MarkdownDescription: "Mode."}}}
	got, ok := ReadOnly(a, "The job's options.").(dschema.SingleNestedAttribute)
	if !ok || !got.Computed || got.MarkdownDescription != "The job's options." {
		t.Fatalf("ReadOnly = %#v", got)
	}
	if d := got.Attributes["mode"].GetMarkdownDescription(); d != "Mode." {
		t.Errorf("nested description = %q, want the resource's", d)
	}
	if d := ComputedAttribute(a).GetMarkdownDescription(); d != a.MarkdownDescription {
		t.Errorf("ComputedAttribute description = %q, want the resource's", d)
	}
}
