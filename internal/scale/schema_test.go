package scale_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/dts-terraform/terraform-provider-dts/internal/provider"
)

// BenchmarkGetProviderSchema is the schema load of a fresh provider
// process: a new provider server answers GetProviderSchema (Terraform's
// first call to every provider it starts, for every command), building
// every resource's and data source's schema.
func BenchmarkGetProviderSchema(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		server := providerserver.NewProtocol6(provider.New("bench")())()
		resp, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		if err != nil {
			b.Fatal(err)
		}
		for _, d := range resp.Diagnostics {
			if d.Severity == tfprotov6.DiagnosticSeverityError {
				b.Fatalf("%s: %s", d.Summary, d.Detail)
			}
		}
		if len(resp.ResourceSchemas) < 5 {
			b.Fatalf("%d resource schemas", len(resp.ResourceSchemas))
		}
	}
}
