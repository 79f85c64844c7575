package jobkit

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// Meta is what the provider keeps about a job in private state: the purchase
// token (to keep the hidden tag on a reconfiguration) and the operations DTS
// allowed at the last read (for plan-time decisions).
type Meta struct {
	Token   string
	Allowed []string
}

const (
	privateToken   = "purchase_token"
	privateAllowed = "allowed_actions"
)

// PrivateGetter reads private state (requests' Private).
type PrivateGetter interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}

// PrivateSetter writes private state (responses' Private).
type PrivateSetter interface {
	SetKey(context.Context, string, []byte) diag.Diagnostics
}

// SaveMeta writes what meta knows; unknown parts keep their stored value.
func SaveMeta(ctx context.Context, private PrivateSetter, meta Meta) diag.Diagnostics {
	var diags diag.Diagnostics
	if meta.Token != "" {
		b, _ := json.Marshal(meta.Token)
		diags.Append(private.SetKey(ctx, privateToken, b)...)
	}
	if meta.Allowed != nil {
		b, _ := json.Marshal(meta.Allowed)
		diags.Append(private.SetKey(ctx, privateAllowed, b)...)
	}
	return diags
}

// ReadMeta reads private state; missing parts are zero (Allowed nil:
// unknown).
func ReadMeta(ctx context.Context, private PrivateGetter) Meta {
	var m Meta
	if b, _ := private.GetKey(ctx, privateToken); len(b) > 0 {
		_ = json.Unmarshal(b, &m.Token)
	}
	if b, _ := private.GetKey(ctx, privateAllowed); len(b) > 0 {
		if json.Unmarshal(b, &m.Allowed) != nil {
			m.Allowed = nil
		}
	}
	return m
}

// privateImported marks a resource imported and not updated since.
const privateImported = "imported"

// MarkImported records that the resource was imported: until its first
// update, a plan may adopt from the configuration what an import cannot
// read (a value DTS does not report, a zero it reports as unset).
func MarkImported(ctx context.Context, private PrivateSetter) diag.Diagnostics {
	return private.SetKey(ctx, privateImported, []byte("true"))
}

// Imported reports the mark of MarkImported.
func Imported(ctx context.Context, private PrivateGetter) bool {
	b, _ := private.GetKey(ctx, privateImported)
	return string(b) == "true"
}

// ClearImported removes the mark: the update that adopted the
// configuration has been applied.
func ClearImported(ctx context.Context, private PrivateSetter) diag.Diagnostics {
	return private.SetKey(ctx, privateImported, nil)
}
