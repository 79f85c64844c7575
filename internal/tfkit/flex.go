package tfkit

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"unicode"
)

// Conversions between framework models and wire models — one mechanism for
// every resource and data source, after the AWS provider's "autoflex".
//
// An attribute pairs with the wire member whose JSON name, in snake_case, is
// the attribute's name (DbName ↔ db_name, DBMode ↔ db_mode, CvmInstanceId ↔
// cvm_instance_id), unless the exception table (flex_exceptions.go) says
// otherwise. Attributes without a member are not sent, and Flatten keeps them
// from the prior model (a resource's own settings, write-only versions).
// Values convert by type:
//
//	framework                     wire
//	types.String, custom strings  *string ("" is unset)
//	tfkit.Time                    *string in Beijing time (the zero date is unset)
//	types.Int64                   *int64, *uint64
//	types.Bool                    *bool, or *int64/*uint64 as 0/1 flags
//	types.Float64                 *float64
//	*Struct, Struct, Object[T]    *Struct
//	[]Struct, []string            []*Struct, []*string
//	map[string]string             []*KeyValuePairOption-like (Key/Value)
//
// Expand never sends null, unknown or empty-string values; lists and maps that
// are set are sent even when empty (KeepConfigured must know they were
// configured). Flatten turns unset members into null, or with ZeroFill (data
// sources, which show what DTS answers) into zero values.

// Option adjusts Expand and Flatten.
type Option func(*flexOptions)

type flexOptions struct {
	config   reflect.Value // Expand: the configuration, source of write-only values
	prior    reflect.Value // Flatten: the prior model
	zeroFill bool
}

// WithSecrets makes Expand read write-only attributes from config, a model of
// the same type (write-only values exist only in the configuration).
func WithSecrets(config any) Option {
	return func(o *flexOptions) { o.config = reflect.ValueOf(config) }
}

// WithPrior makes Flatten keep from prior what the wire model does not hold:
// attributes without a member, and a time written another way for the same
// instant.
func WithPrior(prior any) Option {
	return func(o *flexOptions) { o.prior = reflect.ValueOf(prior) }
}

// ZeroFill makes Flatten turn unset members into zero values instead of null.
func ZeroFill() Option { return func(o *flexOptions) { o.zeroFill = true } }

func flexOpts(opts []Option) *flexOptions {
	o := &flexOptions{}
	for _, f := range opts {
		f(o)
	}
	return o
}

// Expand writes the framework model (a pointer to a struct) into the wire
// model (a pointer to a struct).
func Expand(ctx context.Context, model, wire any, opts ...Option) error {
	o := flexOpts(opts)
	m, w := reflect.ValueOf(model), reflect.ValueOf(wire)
	if m.Kind() != reflect.Pointer || w.Kind() != reflect.Pointer || m.IsNil() || w.IsNil() {
		return fmt.Errorf("tfkit.Expand: want two non-nil pointers, got %T and %T", model, wire)
	}
	return (&expander{ctx: ctx}).structInto(m.Elem(), deref(o.config), w.Elem())
}

// Flatten writes the wire model (a pointer to a struct, nil for nothing
// observed) into the framework model (a pointer to a struct).
func Flatten(ctx context.Context, wire, model any, opts ...Option) error {
	o := flexOpts(opts)
	w, m := reflect.ValueOf(wire), reflect.ValueOf(model)
	if m.Kind() != reflect.Pointer || m.IsNil() || w.Kind() != reflect.Pointer {
		return fmt.Errorf("tfkit.Flatten: want pointers, got %T and %T", wire, model)
	}
	return (&flattener{ctx: ctx, zeroFill: o.zeroFill}).structInto(deref(w), deref(o.prior), m.Elem())
}

// FlattenList flattens each element of a wire list into a model T; nil
// elements are skipped.
func FlattenList[T, W any](ctx context.Context, items []*W, opts ...Option) ([]T, error) {
	out := make([]T, 0, len(items))
	for _, item := range items {
		if item == nil {
			continue
		}
		var m T
		if err := Flatten(ctx, item, &m, opts...); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// Clone returns a deep copy of a model, sharing no slice, map or pointer
// with it.
func Clone[T any](v *T) *T {
	if v == nil {
		return nil
	}
	out := new(T)
	copyInto(reflect.ValueOf(out).Elem(), reflect.ValueOf(v).Elem())
	return out
}

// deref follows a pointer; an invalid or nil pointer gives an invalid value.
func deref(v reflect.Value) reflect.Value {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}

// ---- pairing ----

// pair is one attribute of a model struct and its wire member.
type pair struct {
	field  modelField
	info   *tinfo // of the attribute's Go type
	member int    // index of the wire field; -1: no member
	exc    *Exception
}

// plan is how one model struct pairs with one wire struct.
type plan struct {
	pairs []pair
	// kept are the index paths of the attributes no pair writes: Flatten
	// keeps them from the prior model.
	kept [][]int
}

type pairKey struct{ model, wire reflect.Type }

// plans caches planOf: a map replaced whole on a write, so that the many
// reads of the refresh path take no lock (and a sync.Map would box the
// struct key, allocating, on every lookup).
var plans atomic.Pointer[map[pairKey]*plan]

// planOf pairs the attributes of a model struct with a wire struct's
// members; a nil wire is "nothing observed": every attribute is written
// (null) but those an exception keeps from the prior model.
func planOf(model, wire reflect.Type) *plan {
	key := pairKey{model, wire}
	if m := plans.Load(); m != nil {
		if cached := (*m)[key]; cached != nil {
			return cached
		}
	}
	members := map[string]int{}
	if wire != nil {
		for i := range wire.NumField() {
			name, _, _ := strings.Cut(wire.Field(i).Tag.Get("json"), ",")
			if name != "" && name != "-" {
				members[name] = i
			}
		}
	}
	snake := snakeIndex(members)
	p := &plan{}
	for _, f := range modelFields(model) {
		pr := pair{field: f, member: -1, exc: exceptionFor(f.name)}
		switch {
		case pr.exc != nil && pr.exc.Prefix != "" && spreads(members, pr.exc.Prefix):
			pr.member = spread
		case wire == nil && (pr.exc == nil || len(pr.exc.Members) > 0):
			pr.member = -2 // written as unset
		case pr.exc != nil && pr.exc.Prefix == "":
			pr.member = firstMember(members, pr.exc.Members)
		default: // by name (an endpoint with a Prefix where the parent does not spread it)
			if i, ok := snake[f.name]; ok {
				pr.member = i
			}
		}
		if pr.member == -1 && (pr.exc == nil || !pr.exc.WriteOnly) {
			p.kept = append(p.kept, f.index)
			continue
		}
		pr.info = infoOf(f.typ)
		p.pairs = append(p.pairs, pr)
	}
	for {
		old := plans.Load()
		next := map[pairKey]*plan{key: p}
		if old != nil {
			for k, v := range *old {
				next[k] = v
			}
		}
		if plans.CompareAndSwap(old, &next) {
			return p
		}
	}
}

// spread is the member index of an endpoint spread over its parent (see
// Exception.Prefix).
const spread = -4

// spreads reports whether a structure spreads an endpoint over its own
// members: it has <prefix>Region, <prefix>AccessType, <prefix>DatabaseType or
// <prefix>NodeType.
func spreads(members map[string]int, prefix string) bool {
	for _, m := range []string{"Region", "AccessType", "DatabaseType", "NodeType"} {
		if _, ok := members[prefix+m]; ok {
			return true
		}
	}
	return false
}

func firstMember(members map[string]int, names []string) int {
	for _, m := range names {
		if i, ok := members[m]; ok {
			return i
		}
	}
	return -1
}

// snakeIndex maps the snake_case of each member name to its index.
func snakeIndex(members map[string]int) map[string]int {
	out := make(map[string]int, len(members))
	for name, i := range members {
		out[SnakeCase(name)] = i
	}
	return out
}

// SnakeCase is the attribute name of a wire member: DbName → db_name,
// DBMode → db_mode, OnlineDDL → online_ddl, CvmInstanceId → cvm_instance_id.
func SnakeCase(s string) string {
	r := []rune(s)
	var b strings.Builder
	for i, c := range r {
		if unicode.IsUpper(c) && i > 0 {
			prev := r[i-1]
			nextLower := i+1 < len(r) && unicode.IsLower(r[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}
