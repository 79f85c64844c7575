package sync_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
)

// These tests drive the provider through the plugin protocol, as Terraform
// does, where the acceptance tests cannot look: at the warnings an apply
// returns.

const jobType = "dts_sync_job"

func protoConfig(p *acctest.Proto, passwordVersion int64) map[string]any {
	endpoint := func(instance string) map[string]any {
		return map[string]any{"region": "ap-guangzhou", "access_type": "cdb", "database_type": "mysql", "node_type": "single",
			"info": []any{map[string]any{"instance_id": instance, "user": "u", "password_wo": testPassword, "password_wo_version": passwordVersion}}}
	}
	return map[string]any{
		"name": "orders-sync", "instance_class": "small",
		"src_info": endpoint("cdb-my0001"), "dst_info": endpoint("cdb-my0002"),
		"objects": map[string]any{"mode": "Partial", "databases": []any{map[string]any{"db_name": "orders", "db_mode": "All"}}},
	}
}

// A job a killed provider left behind — bought with a token tag, the same
// name, never started — is reported before the next purchase, with the
// import that adopts it; jobs that started, or carry no token, are not.
func TestCreateReportsOrphans(t *testing.T) {
	env := acctest.New(t)
	c := env.Client(t)
	buy := func(name, token string) string {
		tags := []*dtsapi.TagItem{}
		if token != "" {
			tags = append(tags, &dtsapi.TagItem{TagKey: ptr(jobkit.TokenTagKey), TagValue: ptr(token)})
		}
		out, err := c.CreateSyncJob(context.Background(), acctest.Region, &dtsapi.CreateSyncJobRequest{PayMode: ptr("PostPay"),
			SrcDatabaseType: ptr("mysql"), DstDatabaseType: ptr("mysql"), SrcRegion: ptr(acctest.Region), DstRegion: ptr(acctest.Region),
			InstanceClass: ptr("small"), JobName: ptr(name), Tags: tags})
		if err != nil {
			t.Fatal(err)
		}
		return *out.JobIds[0]
	}
	orphan := buy("orders-sync", "0123456789abcdef01234567")
	untagged := buy("orders-sync", "")
	other := buy("billing-sync", "0123456789abcdef01234567")
	p := env.Proto(t)
	_, _, diags := p.Apply(jobType, p.Null(jobType), p.Config(jobType, protoConfig(p, 1)), nil)
	w := acctest.Warnings(diags)
	if !strings.Contains(w, "may have lost track of") || !strings.Contains(w, "terraform import <this resource's address> ap-guangzhou:"+orphan) {
		t.Fatalf("warnings:\n%s", w)
	}
	if strings.Contains(w, untagged) || strings.Contains(w, other) {
		t.Fatalf("the warning names jobs that are not orphans of this resource:\n%s", w)
	}
}

// After the start a new secret cannot reach DTS: the change is recorded with
// a warning, and nothing is sent.
func TestUpdateRecordsASecretChangeAfterTheStart(t *testing.T) {
	env := acctest.New(t)
	p := env.Proto(t)
	state, private, diags := p.Apply(jobType, p.Null(jobType), p.Config(jobType, protoConfig(p, 1)), nil)
	if w := acctest.Warnings(diags); w != "" {
		t.Fatalf("unexpected warnings on create:\n%s", w)
	}
	_, _, diags = p.Apply(jobType, state, p.Config(jobType, protoConfig(p, 2)), private)
	if w := acctest.Warnings(diags); !strings.Contains(w, "Change recorded, not applied") || !strings.Contains(w, "src_info.info[0].password_wo_version") {
		t.Fatalf("warnings:\n%s", w)
	}
	if n := acctest.Calls(env.Emulator, "ConfigureSyncJob"); n != 1 {
		t.Fatalf("ConfigureSyncJob sent %d times, want 1 (the create's)", n)
	}
}

func ptr[T any](v T) *T { return &v }
