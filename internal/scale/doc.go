// Package scale holds the tests that run the provider as Terraform runs
// it — the real CLI, a provider process per command (dev_overrides), real
// clocks — against one emulator on loopback at a fast time scale, across
// every job kind: many creates in one apply at -parallelism=50 under the
// emulator's rate limits, a seeded soak of full lifecycles under injected
// faults, and interrupted applies (SIGINT to Terraform, SIGKILL to the
// provider). The tests are in package scale_test; this file only names the
// package. See harness_test.go for how the provider process is made.
package scale
