package compare_test

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

// These tests drive the provider through the plugin protocol, as Terraform
// does, where the acceptance tests cannot look: at the warnings of a plan
// or an apply.

const (
	taskType      = "dts_compare_task"
	migrationType = "dts_migration_job"
)

// protoParent applies a running migration job of database orders and
// returns its ID; the cleanup destroys it.
func protoParent(t *testing.T, p *acctest.Proto) string {
	t.Helper()
	endpoint := func(host string) map[string]any {
		return map[string]any{"region": acctest.Region, "access_type": "extranet", "database_type": "mysql", "node_type": "simple",
			"info": []any{map[string]any{"host": host, "port": 3306, "user": "u", "password_wo": testPassword, "password_wo_version": 1}}}
	}
	state, private, _ := p.Apply(migrationType, p.Null(migrationType), p.Config(migrationType, map[string]any{
		"name": "orders", "instance_class": "medium", "src_info": endpoint("src.example.com"), "dst_info": endpoint("dst.example.com"),
		"migrate_option": map[string]any{"database_table": map[string]any{"object_mode": "partial",
			"databases": []any{map[string]any{"db_name": "orders", "db_mode": "all"}}}},
	}), nil)
	t.Cleanup(func() { p.Destroy(migrationType, state, private) })
	return acctest.AttrString(t, state, "id")
}

// protoTask is a task of job comparing the tables of database orders.
func protoTask(jobID string, extra map[string]any, tables ...string) map[string]any {
	var list []any
	for _, name := range tables {
		list = append(list, map[string]any{"table_name": name})
	}
	m := map[string]any{"job_id": jobID, "object_mode": "custom", "objects": map[string]any{"object_mode": "partial",
		"object_items": []any{map[string]any{"db_name": "orders", "db_mode": "partial", "table_mode": "partial", "tables": list}}}}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// A comparison that concludes same but skipped tables passes, with a
// warning naming them: they were not compared.
func TestSameWithSkippedTablesWarns(t *testing.T) {
	env := acctest.New(t)
	p := env.Proto(t)
	jobID := protoParent(t, p)
	state, private, diags := p.Apply(taskType, p.Null(taskType), p.Config(taskType, protoTask(jobID, nil, "t1", "skip_a")), nil)
	defer p.Destroy(taskType, state, private)
	if c := acctest.AttrString(t, state, "conclusion"); c != "same" {
		t.Fatalf("conclusion %q, want same", c)
	}
	if w := acctest.Warnings(diags); !strings.Contains(w, "Tables skipped by the comparison") || !strings.Contains(w, "skipped 1 of 2 tables") ||
		!strings.Contains(w, "orders.skip_a: ") {
		t.Fatalf("warnings:\n%s", w)
	}
}

// Turning the gate on changes only what the next comparison does: the plan
// says that the comparison made is not judged, and nothing is compared.
func TestTurningTheGateOnWarns(t *testing.T) {
	env := acctest.New(t)
	p := env.Proto(t)
	jobID := protoParent(t, p)
	state, private, diags := p.Apply(taskType, p.Null(taskType), p.Config(taskType, protoTask(jobID, nil, "t1")), nil)
	if w := acctest.Warnings(diags); w != "" {
		t.Fatalf("warnings on create:\n%s", w)
	}
	var updated tftypes.Value
	updated, private, diags = p.Apply(taskType, state, p.Config(taskType, protoTask(jobID, map[string]any{"fail_on_difference": true}, "t1")), private)
	defer p.Destroy(taskType, updated, private)
	if w := acctest.Warnings(diags); !strings.Contains(w, "fail_on_difference (the gate) applies to the next comparison") ||
		!strings.Contains(w, `ended success, conclusion "same"`) {
		t.Fatalf("warnings:\n%s", w)
	}
	if n := acctest.Calls(env.Emulator, "CreateCompareTask"); n != 1 {
		t.Fatalf("CreateCompareTask called %d times, want 1", n)
	}
}
