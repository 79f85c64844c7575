package provider_test

import (
	"testing"

	"github.com/dts-terraform/terraform-provider-dts/internal/acctest"
)

// The catalog of invalid provider settings: each is refused when the
// provider is validated or configured, before any request, with an error on
// the setting at fault.
func TestCatalogProviderSettings(t *testing.T) {
	t.Parallel()
	env := acctest.New(t)
	opts := env.ProviderOptions()
	opts.Endpoint = "" // the configuration's endpoint, as in production
	provider := func(body string) string {
		return "provider \"dts\" {\n  endpoint = \"" + env.URL + "\"\n" + body + "\n}\n" + listAll
	}
	keys := "  region = \"ap-guangzhou\"\n  secret_id = \"" + acctest.SecretID + "\"\n  secret_key = \"" + acctest.SecretKey + "\"\n"
	withKeys := func(body string) string { return provider(keys + body) }
	role := func(body string) string { return withKeys("  assume_role = {\n" + body + "\n  }") }
	endpoint := func(url string) string {
		return "provider \"dts\" {\n" + keys + "  endpoint = \"" + url + "\"\n}\n" + listAll
	}
	rows := [][4]string{
		{"endpoint scheme", endpoint("ftp://127.0.0.1:8900"), `Invalid endpoint`, "endpoint"},
		{"endpoint with a path", endpoint("http://127.0.0.1:8900/dts"), `Invalid endpoint`, "endpoint"},
		{"endpoint without scheme", endpoint("127.0.0.1:8900"), `Invalid endpoint`, "endpoint"},
		{"endpoint in clear over the network", endpoint("http://dts.example.com"), `Invalid endpoint`, "endpoint"},
		{"sts_endpoint in clear over the network", withKeys(`  sts_endpoint = "http://sts.example.com"`), `Invalid endpoint`, "sts_endpoint"},
		{"secret_id without secret_key", provider("  region = \"ap-guangzhou\"\n  secret_id = \"AKIDxxxx\""), `secret_key`, "secret_id"},
		{"secret_key without secret_id", provider("  region = \"ap-guangzhou\"\n  secret_key = \"yyyy\""), `secret_id`, "secret_key"},
		{"secret_key with a trailing newline", provider("  region = \"ap-guangzhou\"\n  secret_id = \"" + acctest.SecretID + "\"\n  secret_key = \"" + acctest.SecretKey + "\\n\""), `secret_key`, "secret_key"},
		{"secret_id blank", provider("  region = \"ap-guangzhou\"\n  secret_id = \"  \"\n  secret_key = \"" + acctest.SecretKey + "\""), `secret_id`, "secret_id"},
		{"security_token without keys", provider("  region = \"ap-guangzhou\"\n  security_token = \"tok\""), `security_token`, "security_token"},
		{"security_token padded", withKeys(`  security_token = " tok"`), `security_token`, "security_token"},
		{"profile and keys", withKeys(`  profile = "default"`), `(?i)conflict|profile`, "profile"},
		{"cvm_role_name without use_cvm_role", provider("  region = \"ap-guangzhou\"\n  cvm_role_name = \"dts-runner\""), `cvm_role_name`, "cvm_role_name"},
		{"no region", provider("  secret_id = \"" + acctest.SecretID + "\"\n  secret_key = \"" + acctest.SecretKey + "\""), `Missing region`, "region"},
		{"region blank", provider("  region = \"\"\n  secret_id = \"" + acctest.SecretID + "\"\n  secret_key = \"" + acctest.SecretKey + "\""), `region`, "region"},
		{"region padded", provider("  region = \"ap-guangzhou \"\n  secret_id = \"" + acctest.SecretID + "\"\n  secret_key = \"" + acctest.SecretKey + "\""), `region`, "region"},
		{"session_name blank", role("    role_arn = \"qcs::cam::uin/1:roleName/r\"\n    session_name = \"\""), `session_name`, "assume_role.session_name"},
		{"profile padded", provider("  region = \"ap-guangzhou\"\n  profile = \"ops \""), `white space`, "profile"},
		{"region with a line break", provider("  region = \"ap-guangzhou\\n\"\n  secret_id = \"" + acctest.SecretID + "\"\n  secret_key = \"" + acctest.SecretKey + "\""), `line break`, "region"},
		{"session_duration zero", role("    role_arn = \"qcs::cam::uin/1:roleName/r\"\n    session_name = \"tf\"\n    session_duration = 0"), `session_duration value must be between 1 and 43200`, "assume_role.session_duration"},
		{"session_duration too long", role("    role_arn = \"qcs::cam::uin/1:roleName/r\"\n    session_name = \"tf\"\n    session_duration = 43201"), `session_duration value must be between 1 and 43200`, "assume_role.session_duration"},
		{"role without arn", role(`    session_name = "tf"`), `attribute "role_arn" is required`, "assume_role.role_arn"},
		{"role without session name", role(`    role_arn = "qcs::cam::uin/1:roleName/r"`), `attribute "session_name" is required`, "assume_role.session_name"},
		{"role_arn blank", role("    role_arn = \"\"\n    session_name = \"tf\""), `role_arn`, "assume_role.role_arn"},
	}
	acctest.Catalog{Env: env, Options: &opts, Min: 20}.Run(t, acctest.Rows("", rows))
}
