// Package devcli points the Terraform CLI at the provider binary built here:
// a throwaway CLI configuration whose dev_overrides name its folder, so
// nothing is installed, no registry is asked and no `terraform init` is run
// (it fails offline for overridden providers, and dev_overrides need none).
// `make demo`, `make examples-check`, `make module-test` and the scale tests
// run Terraform this way.
package devcli

import (
	"fmt"
	"os"
	"path/filepath"
)

// ProviderAddress is the provider's registry address, which the overrides
// name.
const ProviderAddress = "registry.terraform.io/dts-terraform/dts"

// ProviderDir is dir made absolute, once it holds a built provider binary.
func ProviderDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(abs, "terraform-provider-dts")); err != nil {
		return "", fmt.Errorf("no provider binary in %s (run `make build`): %w", abs, err)
	}
	return abs, nil
}

// WriteConfig writes, into the folder work, a CLI configuration whose
// dev_overrides point at providerDir, and returns the environment variables
// that select it.
func WriteConfig(work, providerDir string) ([]string, error) {
	rc := filepath.Join(work, "terraform.rc")
	body := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", ProviderAddress, providerDir)
	if err := os.WriteFile(rc, []byte(body), 0o600); err != nil {
		return nil, err
	}
	return []string{"TF_CLI_CONFIG_FILE=" + rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1"}, nil
}
