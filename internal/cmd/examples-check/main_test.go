package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestDeclaresProviders(t *testing.T) {
	for text, want := range map[string]bool{
		"terraform {\n  required_providers {\n    dts = { source = \"dts-terraform/dts\" }\n  }\n}\n": true,
		"terraform {\n\trequired_providers {}\n}\n":                                                   true,
		"data \"dts_sync_job\" \"a\" {\n  job_id = \"sync-1\"\n}\n":                                   false,
		"# required_providers is added by the check\n":                                                false,
		"// see required_providers\n":                                                                 false,
	} {
		if got := declaresProviders([]byte(text)); got != want {
			t.Errorf("declaresProviders(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestCopyConfigAddsRequiredProvidersOnlyWhenMissing(t *testing.T) {
	src := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(src, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("data-source.tf", "data \"dts_sync_job\" \"a\" {\n  job_id = \"sync-1\"\n}\n")
	write("import.sh", "terraform import dts_sync_job.a sync-1\n")

	dst := filepath.Join(t.TempDir(), "copy")
	added, err := copyConfig(src, dst)
	if err != nil || !added {
		t.Fatalf("copyConfig = %v, %v; want a block added", added, err)
	}
	names := entries(t, dst)
	if !slices.Equal(names, []string{"data-source.tf", "zz_required_providers.tf"}) {
		t.Fatalf("copied %v: want the .tf file and the added block only", names)
	}

	write("versions.tf", "terraform {\n  required_providers {\n    dts = { source = \"dts-terraform/dts\" }\n  }\n}\n")
	dst = filepath.Join(t.TempDir(), "copy")
	if added, err := copyConfig(src, dst); err != nil || added {
		t.Fatalf("copyConfig = %v, %v; want nothing added", added, err)
	}
	if names := entries(t, dst); !slices.Equal(names, []string{"data-source.tf", "versions.tf"}) {
		t.Fatalf("copied %v", names)
	}
}

func TestFailuresIgnoreOnlyTheDevOverridesWarning(t *testing.T) {
	v := validation{Valid: true, Diagnostics: []diagnostic{
		{Severity: "warning", Summary: devOverridesWarning, Detail: "The following provider development overrides are set"},
	}}
	if got := failures(v); len(got) != 0 {
		t.Fatalf("failures = %v, want none", got)
	}

	v.Diagnostics = append(v.Diagnostics, diagnostic{Severity: "warning", Summary: "Deprecated attribute", Detail: "use\n  another"})
	got := failures(v)
	if len(got) != 1 || got[0] != "warning: Deprecated attribute: use another" {
		t.Fatalf("failures = %q", got)
	}

	got = failures(validation{Valid: false})
	if len(got) != 1 || !strings.Contains(got[0], "invalid") {
		t.Fatalf("an invalid result without diagnostics must fail: %q", got)
	}
}

func TestConfigDirsListsFoldersWithTerraformFiles(t *testing.T) {
	root := t.TempDir()
	for _, p := range []string{"b/main.tf", "a/x/data-source.tf", "a/x/more.tf", "c/import.sh", "d/.terraform/modules/m.tf"} {
		if err := os.MkdirAll(filepath.Join(root, filepath.Dir(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, p), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dirs, err := configDirs(root)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(root, "a/x"), filepath.Join(root, "b")}
	if !slices.Equal(dirs, want) {
		t.Fatalf("configDirs = %v, want %v", dirs, want)
	}
}

func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}
