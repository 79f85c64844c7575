package jobkit

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/tfkit"
)

// Tencent Cloud's tag limits (a job takes 50 tags, one of them the
// purchase token).
const (
	maxTagKey   = 127
	maxTagValue = 255
	maxUserTags = 49
)

// TagsValidator rejects at plan time the tags DTS refuses at the purchase
// — a blank key, a key of more than 127 characters, a value of more than
// 255, a control character, more than 49 tags — and the key of the hidden
// purchase token, which the provider adds and hides.
func TagsValidator() validator.Map { return tagsValidator{} }

type tagsValidator struct{}

func (tagsValidator) Description(context.Context) string {
	return fmt.Sprintf("keys of 1 to %d characters other than %s, values of at most %d, no control characters, at most %d tags",
		maxTagKey, TokenTagKey, maxTagValue, maxUserTags)
}

func (v tagsValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v tagsValidator) ValidateMap(ctx context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	elems := req.ConfigValue.Elements()
	if len(elems) > maxUserTags {
		resp.Diagnostics.AddAttributeError(req.Path, "Too many tags", fmt.Sprintf("%d tags; DTS takes %d, one of them the provider's %s.", len(elems), maxUserTags+1, TokenTagKey))
	}
	for _, k := range tfkit.SortedKeys(elems) {
		value := ""
		if s, ok := elems[k].(types.String); ok && !s.IsUnknown() {
			value = s.ValueString()
		}
		if why := tagProblem(k, value); why != "" {
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid tag", fmt.Sprintf("Tag %q: %s.", k, why))
		}
	}
}

// tagProblem says what DTS, or the provider, refuses in a tag ("" if
// nothing).
func tagProblem(key, value string) string {
	hasControl := func(s string) bool { return slices.ContainsFunc([]rune(s), unicode.IsControl) }
	switch {
	case strings.TrimSpace(key) == "":
		return "the key must not be blank"
	case key == TokenTagKey:
		return "the key " + TokenTagKey + " is reserved: the provider tags every purchase with it, and hides it"
	case utf8.RuneCountInString(key) > maxTagKey:
		return fmt.Sprintf("the key has more than %d characters", maxTagKey)
	case utf8.RuneCountInString(value) > maxTagValue:
		return fmt.Sprintf("the value has more than %d characters", maxTagValue)
	case hasControl(key) || hasControl(value):
		return "a tag has no control characters"
	}
	return ""
}
