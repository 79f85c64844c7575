package emulator

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// What every kind's purchase, configuration and listing share: names, tags,
// paging and list filters.

const (
	maxJobNameLength = 128
	maxTags          = 50
	defaultPageLimit = 20
	maxPageLimit     = 100
)

// checkJobName refuses a name longer than the API allows.
func checkJobName(name string) *apiError {
	if utf8.RuneCountInString(name) > maxJobNameLength {
		return errf(codeInvalidParameterValue, "The parameter `JobName` is longer than %d characters.", maxJobNameLength)
	}
	return nil
}

// checkTags checks a list of tags: at most 50, distinct non-empty keys.
func checkTags(tags []*dtsapi.TagItem) ([]*dtsapi.TagItem, *apiError) {
	if len(tags) > maxTags {
		return nil, errf(codeInvalidParameterValue, "The parameter `Tags` holds more than %d tags.", maxTags)
	}
	seen := map[string]bool{}
	for i, t := range tags {
		if t == nil || strings.TrimSpace(deref(t.TagKey)) == "" {
			return nil, errf(codeInvalidParameterValue, "The parameter `Tags.%d.TagKey` must not be empty.", i)
		}
		if seen[*t.TagKey] {
			return nil, errf(codeInvalidParameterValue, "The tag key `%s` is given more than once in `Tags`.", *t.TagKey)
		}
		seen[*t.TagKey] = true
	}
	return tags, nil
}

func cloneTags(tags []*dtsapi.TagItem) []*dtsapi.TagItem {
	out := make([]*dtsapi.TagItem, 0, len(tags))
	for _, t := range tags {
		out = append(out, &dtsapi.TagItem{TagKey: ptr(deref(t.TagKey)), TagValue: ptr(deref(t.TagValue))})
	}
	return out
}

// pageIndex is a signed or unsigned Limit/Offset member.
type pageIndex interface{ ~int64 | ~uint64 }

// listPage is the page a list request asks for.
type listPage struct{ limit, offset uint64 }

// page checks a list request's Limit (default 20, 1–100) and Offset (not
// negative).
func page[T pageIndex](limit, offset *T) (listPage, *apiError) {
	return pageOf(limit, offset, defaultPageLimit)
}

// pageOf is page for a list whose Limit defaults to def.
func pageOf[T pageIndex](limit, offset *T, def uint64) (listPage, *apiError) {
	p := listPage{limit: def}
	if limit != nil {
		// A uint64 beyond the int64 range turns negative: refused too.
		if l := int64(*limit); l < 1 || l > maxPageLimit {
			return p, errf(codeInvalidParameterValue, "The value `%v` of parameter `Limit` is not valid; it must be between 1 and %d.",
				*limit, maxPageLimit)
		}
		p.limit = uint64(*limit)
	}
	o := deref(offset)
	if o < 0 {
		return p, errf(codeInvalidParameterValue, "The value `%v` of parameter `Offset` is not valid; it must not be negative.", o)
	}
	p.offset = uint64(o)
	return p, nil
}

// bounds are the indexes of the page in a list of n items.
func (p listPage) bounds(n int) (from, to int) {
	if p.offset >= uint64(n) {
		return n, n
	}
	return int(p.offset), int(min(p.offset+p.limit, uint64(n)))
}

// anyOf reports whether v is one of the filter's values; an empty filter
// matches everything.
func anyOf(filter []*string, v string) bool {
	if len(filter) == 0 {
		return true
	}
	for _, f := range filter {
		if f != nil && *f == v {
			return true
		}
	}
	return false
}

// hasTag reports whether tags hold key with one of values (any value when
// values is empty).
func hasTag(tags []*dtsapi.TagItem, key string, values []*string) bool {
	for _, t := range tags {
		if deref(t.TagKey) != key {
			continue
		}
		return anyOf(values, deref(t.TagValue))
	}
	return false
}

// matchesTags reports whether tags satisfy every tag filter (AND-ed).
func matchesTags(tags []*dtsapi.TagItem, filters []*dtsapi.TagFilter) bool {
	for _, f := range filters {
		if f != nil && !hasTag(tags, deref(f.TagKey), f.TagValue) {
			return false
		}
	}
	return true
}

// sortByCreation orders jobs by creation time (creation order breaking
// ties), newest first when desc.
func sortByCreation[P job](jobs []P, desc bool) {
	slices.SortFunc(jobs, func(a, b P) int {
		x, y := a.base(), b.base()
		r := cmp.Or(x.CreateTime.Compare(y.CreateTime), cmp.Compare(x.Seq, y.Seq))
		if desc {
			return -r
		}
		return r
	})
}
