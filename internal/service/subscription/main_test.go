package subscription_test

import (
	"os"
	"testing"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

// TestMain removes every TENCENTCLOUD_* variable before any test runs, so no
// test can pick up a developer's real credentials or endpoint.
func TestMain(m *testing.M) {
	acctest.ClearEnv()
	os.Exit(m.Run())
}
