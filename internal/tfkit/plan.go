package tfkit

import (
	"context"
	"reflect"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Attrs reads single attributes of a plan, a state or a configuration, for
// plan-time rules: parts may be unknown (values known only after apply), so a
// rule reads the attributes it needs rather than the whole model.
type Attrs struct {
	ctx  context.Context
	from interface {
		GetAttribute(context.Context, path.Path, any) diag.Diagnostics
	}
}

// AttrsOf reads from a plan, state or configuration.
func AttrsOf(ctx context.Context, from interface {
	GetAttribute(context.Context, path.Path, any) diag.Diagnostics
}) Attrs {
	return Attrs{ctx: ctx, from: from}
}

// Str is the string at name (and the nested names steps); "" when null,
// unknown or not a string.
func (a Attrs) Str(name string, steps ...string) string {
	at := path.Root(name)
	for _, s := range steps {
		at = at.AtName(s)
	}
	var v types.String
	if diags := a.from.GetAttribute(a.ctx, at, &v); !diags.HasError() {
		return v.ValueString()
	}
	var t Time // the one custom string type
	if diags := a.from.GetAttribute(a.ctx, at, &t); !diags.HasError() {
		return t.ValueString()
	}
	return ""
}

// KeepObserved plans the computed attributes names with their values in the
// state: a plan that moves nothing keeps what the last read observed, so that
// it shows only the real change (the apply writes back what it planned).
// Attributes of any type (a list of errors, an object) are kept whole.
func KeepObserved(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, names ...string) {
	for _, name := range names {
		var v attr.Value
		if d := req.State.GetAttribute(ctx, path.Root(name), &v); d.HasError() {
			resp.Diagnostics.Append(d...)
			continue
		}
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), v)...)
	}
}

// Missing reports a missing attribute, saying where: Terraform cannot point
// at an attribute that is not in the configuration, only at its resource.
func Missing(diags *diag.Diagnostics, at path.Path, why string) {
	diags.AddAttributeError(at, "Missing "+lastStep(at), why+"\n\nNot set: "+at.String())
}

func lastStep(p path.Path) string {
	s := p.String()
	if i := strings.LastIndexAny(s, ".]"); i >= 0 && s[i] == '.' {
		return s[i+1:]
	}
	return s
}

// MissingPasswords warns about the nodes (a slice of node models at at) that
// set `user` but not `password_wo`: Terraform drops an unknown attribute such
// as `password` inside a nested object silently, so the mistake is otherwise
// invisible.
func MissingPasswords(at path.Path, nodes any) diag.Diagnostics {
	var diags diag.Diagnostics
	v := reflect.ValueOf(nodes)
	for i := 0; v.Kind() == reflect.Slice && i < v.Len(); i++ {
		node := v.Index(i).Addr().Interface()
		user, _ := Attribute(node, "user")
		password, _ := Attribute(node, "password_wo")
		u, ok := user.(types.String)
		if !ok || u.ValueString() == "" || password == nil || !password.IsNull() {
			continue
		}
		diags.AddAttributeWarning(at.AtListIndex(i).AtName("password_wo"), "No password for user "+u.ValueString(),
			"The node sets user but not password_wo. Secrets are write-only attributes named *_wo: Terraform drops an "+
				"unknown attribute such as `password` inside a nested object silently, so DTS would get no password.")
	}
	return diags
}
