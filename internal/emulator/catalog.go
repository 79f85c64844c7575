package emulator

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The catalog of cloud database instances (DescribeMigrateDBInstances).
// It is fixed and the same in every region: for each database type of
// DescribeMigrateDBInstancesRequest.DatabaseType, five instances named
// cdb-<abbreviation><0001…0005>. README.md ("Instance catalog") lists it.

// catalogType is one database type of the catalog.
type catalogType struct {
	DatabaseType string
	Abbrev       string
	Port         int64
}

// catalogTypes are the database types of the catalog with their ID
// abbreviation and default port, in the order of the enum.
var catalogTypes = []catalogType{
	{"mysql", "my", 3306},
	{"redis", "rd", 6379},
	{"percona", "pc", 3306},
	{"mongodb", "mg", 27017},
	{"postgresql", "pg", 5432},
	{"sqlserver", "ss", 1433},
	{"mariadb", "md", 3306},
	{"cynosdbmysql", "cy", 3306},
	{"tdsqlmysql", "tm", 3306},
	{"tdsqlpercona", "tp", 3306},
	{"keewidb", "kw", 6379},
	{"tendis", "tn", 6379},
	{"tdstore", "ts", 3306},
	{"clickhouse", "ch", 9000},
}

// catalogSlot is one of the five instances every type has.
type catalogSlot struct {
	Name string
	// SrcHint and DstHint explain why the instance cannot be a source or a
	// target; "" when it can.
	SrcHint, DstHint string
}

var catalogSlots = []catalogSlot{
	{Name: "orders"},
	{Name: "billing"},
	{Name: "analytics"},
	{Name: "readonly", DstHint: "instance is read-only"},
	{Name: "isolated", SrcHint: "instance is isolated", DstHint: "instance is isolated"},
}

// usableHint is the Hint of a usable instance, as in the sample.
const usableHint = "ok"

// dbInstance is one instance of the catalog.
type dbInstance struct {
	ID, Name, Vip    string
	Port             int64
	SrcHint, DstHint string
}

// catalog lists the instances of a database type (nil for a type the
// catalog does not have).
func catalog(dbType string) []dbInstance {
	for ti, t := range catalogTypes {
		if t.DatabaseType != dbType {
			continue
		}
		out := make([]dbInstance, 0, len(catalogSlots))
		for si, s := range catalogSlots {
			out = append(out, dbInstance{
				ID:      fmt.Sprintf("cdb-%s%04d", t.Abbrev, si+1),
				Name:    t.DatabaseType + "-" + s.Name,
				Vip:     fmt.Sprintf("10.0.%d.%d", ti+1, si+11),
				Port:    t.Port,
				SrcHint: s.SrcHint,
				DstHint: s.DstHint,
			})
		}
		return out
	}
	return nil
}

// catalogInstance finds an instance of a database type by ID.
func catalogInstance(dbType, id string) *dbInstance {
	for _, in := range catalog(dbType) {
		if in.ID == id {
			return &in
		}
	}
	return nil
}

// describeMigrateDBInstances lists the catalog's instances of a database
// type. MigrateRole src or dst says for which role Usable and Hint are
// computed; without it an instance is usable when it is usable in both
// roles. InstanceId matches exactly, InstanceName as a case-sensitive
// substring. Limit defaults to 20 and must be 1–100; Offset must not be
// negative. AccountMode other needs TmpSecretId, TmpSecretKey and TmpToken;
// they are never echoed (nor kept).
func describeMigrateDBInstances(c *call, req *dtsapi.DescribeMigrateDBInstancesRequest) (*dtsapi.DescribeMigrateDBInstancesResponse, error) {
	pg, err := page(req.Limit, req.Offset)
	if err != nil {
		return nil, err
	}
	if deref(req.AccountMode) == "other" {
		for _, m := range []struct {
			name string
			v    *string
		}{{"TmpSecretId", req.TmpSecretId}, {"TmpSecretKey", req.TmpSecretKey}, {"TmpToken", req.TmpToken}} {
			if strings.TrimSpace(deref(m.v)) == "" {
				return nil, errf(codeMissingParameter, "The request is missing a required parameter `%s` (AccountMode is other).", m.name)
			}
		}
	}
	role := deref(req.MigrateRole)
	id, name := deref(req.InstanceId), deref(req.InstanceName)
	var matched []dbInstance
	for _, in := range catalog(*req.DatabaseType) {
		if id != "" && in.ID != id {
			continue
		}
		if name != "" && !strings.Contains(in.Name, name) {
			continue
		}
		matched = append(matched, in)
	}
	resp := &dtsapi.DescribeMigrateDBInstancesResponse{
		TotalCount: ptr(int64(len(matched))),
		Instances:  []*dtsapi.MigrateDBItem{},
	}
	from, to := pg.bounds(len(matched))
	for _, in := range matched[from:to] {
		var hint string
		switch role {
		case "src":
			hint = cmp.Or(in.SrcHint, usableHint)
		case "dst":
			hint = cmp.Or(in.DstHint, usableHint)
		default:
			hint = cmp.Or(in.SrcHint, in.DstHint, usableHint)
		}
		usable := int64(0)
		if hint == usableHint {
			usable = 1
		}
		resp.Instances = append(resp.Instances, &dtsapi.MigrateDBItem{
			InstanceId:   ptr(in.ID),
			InstanceName: ptr(in.Name),
			Vip:          ptr(in.Vip),
			Vport:        ptr(in.Port),
			Usable:       ptr(usable),
			Hint:         ptr(hint),
		})
	}
	return resp, nil
}
