package tfkit

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// positiveTimeouts rejects, at plan time and naming the attribute, a timeout
// that does not parse or is not positive: a job would be bought and the wait
// would end at once.
type positiveTimeouts struct{}

func (positiveTimeouts) Description(context.Context) string {
	return "each timeout must be a positive duration such as \"30s\", \"90m\" or \"2h\""
}

func (v positiveTimeouts) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v positiveTimeouts) ValidateObject(ctx context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for _, name := range SortedKeys(req.ConfigValue.Attributes()) {
		s, ok := req.ConfigValue.Attributes()[name].(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		d, err := time.ParseDuration(s.ValueString())
		if err == nil && d > 0 {
			continue
		}
		resp.Diagnostics.AddAttributeError(req.Path.AtName(name), "Invalid timeout",
			fmt.Sprintf("timeouts.%s is %q: %s.", name, s.ValueString(), v.Description(ctx)))
	}
}

var _ validator.Object = positiveTimeouts{}

// exactCase rejects, at plan time and naming the attribute, a value of an
// open vocabulary that is a documented value in other letter case ("MySQL"
// for "mysql"): DTS values are case-sensitive, and an open vocabulary lets
// unknown values through only because the API may add some.
type exactCase struct{ values []string }

func (v exactCase) Description(context.Context) string {
	return "a documented value must be written in its own letter case"
}

func (v exactCase) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v exactCase) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueString()
	for _, want := range v.values {
		if got != want && strings.EqualFold(got, want) {
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value Case",
				fmt.Sprintf("Attribute %s is %q: DTS values are case-sensitive; write %q.", req.Path, got, want))
			return
		}
	}
}

var _ validator.String = exactCase{}

// regionName is the form of a Tencent Cloud region: ap-guangzhou,
// ap-shanghai-fsi, na-siliconvalley.
var regionName = regexp.MustCompile(`^[a-z]{2,}(-[a-z0-9]+)+$`)

// Region validates a region attribute at plan time: an empty, padded or
// capitalised region would send a job's calls nowhere (or to the provider's
// region instead).
func Region() validator.String {
	return stringvalidator.RegexMatches(regionName, "must name a region such as ap-guangzhou (lower-case words joined by -)")
}

// JobID validates, at plan time, the ID of a job of one kind ("dts-…",
// "sync-…"): another kind's ID or a name would be sent to DTS and come
// back as a not-found error after a call.
func JobID(prefix, kind string) validator.String {
	return stringvalidator.RegexMatches(regexp.MustCompile(`^`+prefix+`-[0-9a-z]+$`), "must be a "+kind+" ID ("+prefix+"-…)")
}
