// Command terraform-provider-dts is the Terraform provider for Tencent Cloud DTS.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/dts-terraform/terraform-provider-dts/internal/provider"
)

// version is set by goreleaser at build time.
var version = "dev"

//go:generate go run github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs@v0.25.0 generate --provider-name dts

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/dts-terraform/dts",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
