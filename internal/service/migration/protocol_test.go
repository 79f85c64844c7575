package migration_test

import (
	"strings"
	"testing"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
)

// These tests drive the provider through the plugin protocol, as Terraform
// does, where the acceptance tests cannot look: at the warnings an apply
// returns. (terraform-plugin-testing does not expose warnings.)

const (
	jobType       = "dts_migration_job"
	protoPassword = "proto-password-never-stored"
)

// protoConfig is a complete configuration of a job.
func protoConfig(p *acctest.Proto, passwordVersion int64, createTimeout string, extra map[string]any) map[string]any {
	endpoint := func(host string) map[string]any {
		return map[string]any{"region": "ap-guangzhou", "access_type": "extranet", "database_type": "mysql", "node_type": "simple",
			"info": []any{map[string]any{"host": host, "port": 3306, "user": "u", "password_wo": protoPassword, "password_wo_version": passwordVersion}}}
	}
	m := map[string]any{
		"name": "orders", "instance_class": "medium",
		"src_info": endpoint("src.example.com"), "dst_info": endpoint("dst.example.com"),
		"migrate_option": map[string]any{"database_table": map[string]any{"object_mode": "all"}},
	}
	if createTimeout != "" {
		m["timeouts"] = map[string]any{"create": createTimeout}
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// Once the start is accepted, a timeout does not fail the create: the job is
// kept with the planned state, and a warning names its real status.
func TestCreateWarnsWhenAStartedJobTimesOut(t *testing.T) {
	env := acctest.New(t)
	p := env.Proto(t)
	env.Emulator.SetNewJobOutcome(emulator.Outcome{StickIn: "readyRun"})
	state, _, diags := p.Apply(jobType, p.Null(jobType), p.Config(jobType, protoConfig(p, 1, "2s", nil)), nil)
	if w := acctest.Warnings(diags); !strings.Contains(w, "timed out after 2s waiting") || !strings.Contains(w, "The job was started and is readyRun") {
		t.Fatalf("warnings:\n%s", w)
	}
	if s := acctest.AttrString(t, state, "state"); s != "running" {
		t.Fatalf("state = %q, want the planned running", s)
	}
	if s := acctest.AttrString(t, state, "status"); s != "readyRun" {
		t.Fatalf("status = %q, want readyRun", s)
	}
}

// After the start a new secret cannot reach DTS: the change is recorded with
// a warning, never a replacement, and nothing is sent.
func TestUpdateRecordsASecretChangeAfterTheStart(t *testing.T) {
	env := acctest.New(t)
	p := env.Proto(t)
	state, private, diags := p.Apply(jobType, p.Null(jobType), p.Config(jobType, protoConfig(p, 1, "", nil)), nil)
	if w := acctest.Warnings(diags); w != "" {
		t.Fatalf("unexpected warnings on create:\n%s", w)
	}
	id := acctest.AttrString(t, state, "id")
	state, _, diags = p.Apply(jobType, state, p.Config(jobType, protoConfig(p, 2, "", nil)), private)
	if w := acctest.Warnings(diags); !strings.Contains(w, "Change recorded, not applied") || !strings.Contains(w, "src_info.info[0].password_wo_version") {
		t.Fatalf("warnings:\n%s", w)
	}
	if got := acctest.AttrString(t, state, "id"); got != id {
		t.Fatalf("the job was replaced: %s → %s", id, got)
	}
	if n := acctest.Calls(env.Emulator, "ModifyMigrationJob"); n != 1 {
		t.Fatalf("ModifyMigrationJob sent %d times, want 1 (the create's)", n)
	}
}

// A job a killed provider left behind — bought with a token tag, the same
// name, never started — is reported before the next purchase, with the
// import that adopts it.
func TestCreateReportsOrphans(t *testing.T) {
	env := acctest.New(t)
	orphan := env.BuyMigrationJobs(t, 1, "orders", map[string]string{jobkit.TokenTagKey: "0123456789abcdef01234567"})[0]
	other := env.BuyMigrationJobs(t, 1, "orders", nil)[0]
	p := env.Proto(t)
	_, _, diags := p.Apply(jobType, p.Null(jobType), p.Config(jobType, protoConfig(p, 1, "", nil)), nil)
	w := acctest.Warnings(diags)
	if !strings.Contains(w, "terraform import <this resource's address> ap-guangzhou:"+orphan) || strings.Contains(w, other) {
		t.Fatalf("warnings:\n%s", w)
	}
}
