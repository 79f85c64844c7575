package tfkit

import (
	"context"
	"fmt"
	"time"

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
