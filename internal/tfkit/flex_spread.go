package tfkit

import (
	"fmt"
	"reflect"
	"strings"
)

// An endpoint attribute the API spreads over its parent structure (see
// Exception.Prefix): sync's src_info = { region, access_type, database_type,
// node_type, connect_type, info = [...] } is SrcRegion, SrcAccessType,
// SrcDatabaseType, SrcNodeType, SrcConnectType and, by node type, SrcInfo (one
// Endpoint: single) or SrcInfos (SyncDBEndpointInfos{Region, AccessType,
// DatabaseType, Info}: cluster). Members a structure does not have are not
// sent (CreateSyncJob has only the region and the type) and are kept from the
// prior model on Flatten (SyncJobInfo has no SrcConnectType).

const nodesAttr = "info"

// pascal is the member name of an attribute name: access_type → AccessType.
func pascal(s string) string {
	parts := strings.Split(s, "_")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "")
}

// spreadInto expands endpoint model v (a pointer) over wire struct parent.
func (e *expander) spreadInto(prefix string, v, config, parent reflect.Value) error {
	v, config = deref(v), deref(config)
	if !v.IsValid() {
		return nil
	}
	var nodes, configNodes reflect.Value
	nodeType, region := "", ""
	for _, f := range modelFields(v.Type()) {
		fv := field(v, f.index)
		if f.name == nodesAttr {
			nodes = fv
			if config.IsValid() {
				configNodes = field(config, f.index)
			}
			continue
		}
		if s, ok := fv.Interface().(interface{ ValueString() string }); ok {
			switch f.name {
			case "node_type":
				nodeType = s.ValueString()
			case "region":
				region = s.ValueString()
			}
		}
		if member := parent.FieldByName(prefix + pascal(f.name)); member.IsValid() {
			out, err := e.value(infoOf(f.typ), exceptionFor(f.name), fv, reflect.Value{}, member.Type())
			if err != nil {
				return fmt.Errorf("%s: %w", f.name, err)
			}
			if out.IsValid() {
				member.Set(out)
			}
		}
	}
	if !nodes.IsValid() || nodes.IsNil() {
		return nil
	}
	if nodeType == "cluster" {
		return e.spreadCluster(prefix, v, nodes, configNodes, parent, region)
	}
	single := parent.FieldByName(prefix + "Info")
	if !single.IsValid() || nodes.Len() == 0 {
		return nil
	}
	var c reflect.Value
	if configNodes.IsValid() && configNodes.Len() > 0 {
		c = configNodes.Index(0)
	}
	out, err := e.object(nodes.Index(0), c, single.Type())
	if err != nil {
		return fmt.Errorf("info[0]: %w", err)
	}
	setRegion(out, region)
	single.Set(out)
	return nil
}

// spreadCluster sends the nodes of a cluster endpoint as <prefix>Infos,
// with the endpoint's attributes that structure has (SyncDBEndpointInfos:
// Region, AccessType, DatabaseType) — from the endpoint itself, since the
// parent may not carry them (ConfigureSyncJob has no SrcRegion).
func (e *expander) spreadCluster(prefix string, endpoint, nodes, configNodes, parent reflect.Value, region string) error {
	infos := parent.FieldByName(prefix + "Infos")
	if !infos.IsValid() {
		return nil
	}
	out := reflect.New(infos.Type().Elem())
	list := out.Elem().FieldByName("Info")
	items, err := e.slice(infoOf(nodes.Type().Elem()), nodes, configNodes, list.Type())
	if err != nil {
		return fmt.Errorf("info: %w", err)
	}
	list.Set(items)
	for i := range items.Len() {
		setRegion(items.Index(i), region)
	}
	for _, f := range modelFields(endpoint.Type()) {
		member := out.Elem().FieldByName(pascal(f.name))
		if f.name == nodesAttr || !member.IsValid() {
			continue
		}
		value, err := e.value(infoOf(f.typ), exceptionFor(f.name), field(endpoint, f.index), reflect.Value{}, member.Type())
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		if value.IsValid() {
			member.Set(value)
		}
	}
	infos.Set(out)
	return nil
}

// setRegion gives a node its endpoint's region when it has none.
func setRegion(node reflect.Value, region string) {
	r := deref(node).FieldByName("Region")
	if region != "" && r.IsValid() && r.IsNil() {
		r.Set(reflect.ValueOf(&region))
	}
}

// spreadFrom flattens the endpoint spread over wire struct parent into dst
// (a pointer to an endpoint model), keeping from prior what the parent does
// not hold.
func (f *flattener) spreadFrom(prefix string, parent, pv, dst reflect.Value) error {
	if !parent.IsValid() {
		dst.SetZero()
		return nil
	}
	m := reflect.New(dst.Type().Elem())
	prior := deref(pv)
	observed := false
	for _, fd := range modelFields(m.Elem().Type()) {
		out := field(m.Elem(), fd.index)
		var p reflect.Value
		if prior.IsValid() {
			p = field(prior, fd.index)
		}
		member := parent.FieldByName(prefix + pascal(fd.name))
		if fd.name == nodesAttr {
			member = spreadNodes(prefix, parent)
		}
		switch {
		case !member.IsValid():
			if p.IsValid() {
				copyInto(out, p)
			}
			continue
		case !unset(member) && !blankString(member):
			observed = true
		}
		if err := f.into(out, infoOf(fd.typ), exceptionFor(fd.name), member, p); err != nil {
			return fmt.Errorf("%s: %w", fd.name, err)
		}
	}
	if !observed && !f.zeroFill {
		dst.SetZero()
		return nil
	}
	dst.Set(m)
	return nil
}

// spreadNodes is the node list of a spread endpoint: <prefix>Infos.Info when
// it has nodes, else <prefix>Info as a list of one, else an invalid value
// when the parent holds neither member.
func spreadNodes(prefix string, parent reflect.Value) reflect.Value {
	infos, single := parent.FieldByName(prefix+"Infos"), parent.FieldByName(prefix+"Info")
	if infos.IsValid() && !infos.IsNil() {
		if list := infos.Elem().FieldByName("Info"); list.Len() > 0 {
			return list
		}
	}
	if !single.IsValid() {
		return reflect.Value{}
	}
	if single.IsNil() {
		return reflect.Zero(reflect.SliceOf(single.Type()))
	}
	return reflect.Append(reflect.MakeSlice(reflect.SliceOf(single.Type()), 0, 1), single)
}

// blankString reports a *string member holding "".
func blankString(v reflect.Value) bool {
	return v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.String && v.Elem().String() == ""
}
