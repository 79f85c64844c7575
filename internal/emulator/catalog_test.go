package emulator

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// instances calls DescribeMigrateDBInstances in region.
func (h *harness) instances(region string, params map[string]any) (*dtsapi.DescribeMigrateDBInstancesResponse, error) {
	raw, err := send(h.client(testID, testKey, "", region), dtsapi.Service, dtsapi.Version, "DescribeMigrateDBInstances", params)
	if err != nil {
		return nil, err
	}
	var resp dtsapi.DescribeMigrateDBInstancesResponse
	if err := json.Unmarshal(raw, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

func instanceIDs(r *dtsapi.DescribeMigrateDBInstancesResponse) []string {
	var out []string
	for _, in := range r.Instances {
		out = append(out, *in.InstanceId)
	}
	return out
}

func TestCatalogCoversEveryDatabaseType(t *testing.T) {
	types := dtsapi.MustEnum("DescribeMigrateDBInstancesRequest.DatabaseType").Values
	seen := map[string]bool{}
	for _, ct := range catalogTypes {
		if seen[ct.Abbrev] {
			t.Errorf("abbreviation %s used twice", ct.Abbrev)
		}
		seen[ct.Abbrev] = true
	}
	if len(catalogTypes) != len(types) {
		t.Errorf("the catalog has %d types, the enum %d", len(catalogTypes), len(types))
	}
	for _, dbType := range types {
		list := catalog(dbType)
		if len(list) != len(catalogSlots) {
			t.Errorf("%s: %d instances", dbType, len(list))
			continue
		}
		for _, in := range list {
			if !strings.HasPrefix(in.ID, "cdb-") || in.Port == 0 || in.Vip == "" || !strings.HasPrefix(in.Name, dbType+"-") {
				t.Errorf("%s: %+v", dbType, in)
			}
		}
	}
}

func TestDescribeMigrateDBInstances(t *testing.T) {
	h := newHarness(t, Options{})
	r, err := h.instances(testRegion, map[string]any{"DatabaseType": "mysql"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"cdb-my0001", "cdb-my0002", "cdb-my0003", "cdb-my0004", "cdb-my0005"}
	if *r.TotalCount != 5 || !slices.Equal(instanceIDs(r), want) {
		t.Fatalf("mysql: %d %v", *r.TotalCount, instanceIDs(r))
	}
	first := r.Instances[0]
	if *first.InstanceName != "mysql-orders" || *first.Vip != "10.0.1.11" || *first.Vport != 3306 || *first.Usable != 1 || *first.Hint != "ok" {
		t.Fatalf("first instance: %+v", first)
	}
	// Without a role, an instance is usable only in both roles.
	usable := func(r *dtsapi.DescribeMigrateDBInstancesResponse) map[string]string {
		out := map[string]string{}
		for _, in := range r.Instances {
			if *in.Usable == 0 {
				out[*in.InstanceId] = *in.Hint
			} else if *in.Hint != "ok" {
				t.Errorf("usable %s with hint %q", *in.InstanceId, *in.Hint)
			}
		}
		return out
	}
	if got := usable(r); len(got) != 2 || got["cdb-my0004"] != "instance is read-only" || got["cdb-my0005"] != "instance is isolated" {
		t.Fatalf("unusable without a role: %v", got)
	}
	tests := []struct {
		name       string
		params     map[string]any
		ids        []string
		total      int64
		unusable   []string
		wantRegion string
	}{
		{"as a source", map[string]any{"DatabaseType": "mysql", "MigrateRole": "src"}, want, 5, []string{"cdb-my0005"}, ""},
		{"as a target", map[string]any{"DatabaseType": "mysql", "MigrateRole": "dst"}, want, 5, []string{"cdb-my0004", "cdb-my0005"}, ""},
		{"by ID", map[string]any{"DatabaseType": "mysql", "InstanceId": "cdb-my0004", "MigrateRole": "src"}, []string{"cdb-my0004"}, 1, nil, ""},
		{"ID of another type", map[string]any{"DatabaseType": "mysql", "InstanceId": "cdb-pg0001"}, nil, 0, nil, ""},
		{"name substring", map[string]any{"DatabaseType": "redis", "InstanceName": "ly"}, []string{"cdb-rd0003", "cdb-rd0004"}, 2, []string{"cdb-rd0004"}, ""},
		{"name is case-sensitive", map[string]any{"DatabaseType": "redis", "InstanceName": "Orders"}, nil, 0, nil, ""},
		{"page", map[string]any{"DatabaseType": "mongodb", "Limit": 2, "Offset": 1}, []string{"cdb-mg0002", "cdb-mg0003"}, 5, nil, ""},
		{"last page", map[string]any{"DatabaseType": "mongodb", "Limit": 2, "Offset": 4}, []string{"cdb-mg0005"}, 5, []string{"cdb-mg0005"}, ""},
		{"beyond the end", map[string]any{"DatabaseType": "mongodb", "Offset": 5}, nil, 5, nil, ""},
		{"unknown type", map[string]any{"DatabaseType": "db2"}, nil, 0, nil, ""},
		{"another region has the same catalog", map[string]any{"DatabaseType": "mysql", "MigrateRole": "dst"}, want, 5, []string{"cdb-my0004", "cdb-my0005"}, "eu-frankfurt"},
		{"other account", map[string]any{"DatabaseType": "mysql", "AccountMode": "other", "TmpSecretId": "AKIDother",
			"TmpSecretKey": "other-secret-key", "TmpToken": "other-token", "InstanceId": "cdb-my0001"}, []string{"cdb-my0001"}, 1, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			region := testRegion
			if tt.wantRegion != "" {
				region = tt.wantRegion
			}
			r, err := h.instances(region, tt.params)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(instanceIDs(r), tt.ids) || *r.TotalCount != tt.total {
				t.Fatalf("got %v (TotalCount %d), want %v (%d)", instanceIDs(r), *r.TotalCount, tt.ids, tt.total)
			}
			got := usable(r)
			if len(got) != len(tt.unusable) {
				t.Fatalf("unusable %v, want %v", got, tt.unusable)
			}
			for _, id := range tt.unusable {
				if got[id] == "" {
					t.Fatalf("unusable %v, want %v", got, tt.unusable)
				}
			}
		})
	}
	for _, bad := range []struct {
		params map[string]any
		code   string
	}{
		{map[string]any{"DatabaseType": "mysql", "Limit": 0}, codeInvalidParameterValue},
		{map[string]any{"DatabaseType": "mysql", "Limit": 101}, codeInvalidParameterValue},
		{map[string]any{"DatabaseType": "mysql", "Offset": -1}, codeInvalidParameterValue},
		{map[string]any{"DatabaseType": "mysql", "MigrateRole": "dts"}, codeInvalidParameterValue},
		{map[string]any{"DatabaseType": "mysql", "AccountMode": "other", "TmpSecretId": "AKIDother", "TmpSecretKey": "k"}, codeMissingParameter},
		{map[string]any{"MigrateRole": "src"}, codeMissingParameter},
	} {
		_, err := h.instances(testRegion, bad.params)
		wantCode(t, err, bad.code)
	}
	// Temporary credentials are never echoed, and journaled only as hashes.
	raw, err := h.dts("DescribeMigrateDBInstances", map[string]any{"DatabaseType": "mysql", "AccountMode": "other",
		"TmpSecretId": "AKIDother", "TmpSecretKey": "other-secret-key", "TmpToken": "other-token"})
	if err != nil {
		t.Fatal(err)
	}
	all, _ := json.Marshal(h.emu.Journal())
	for _, secret := range []string{"other-secret-key", "other-token"} {
		if strings.Contains(string(raw), secret) || strings.Contains(string(all), secret) {
			t.Fatalf("%q echoed or journaled in clear", secret)
		}
	}
	if strings.Contains(string(raw), "AKIDother") {
		t.Fatal("the temporary SecretId is echoed")
	}
}
