// Package scale holds the tests that run the provider as Terraform runs
// it — the real CLI, a provider process per command (dev_overrides), real
// clocks — against one emulator on loopback at a fast time scale, across
// every job kind:
//
//   - TestParallelCreates: 250 resources of every kind in one apply at
//     -parallelism=50 under the emulator's rate limits, and the plan that
//     refreshes them all; TestThrottledCreates: 100 with the client's own
//     limiter lifted, so that the emulator throttles and the client
//     retries;
//   - TestSoak: every resource's lifecycle under seeded faults (~10 % of
//     all calls, ~30 % of the calls that change something);
//   - TestInterruptedCreate and TestKilledProvider: SIGINT to Terraform
//     while each kind's create waits, SIGKILL to the provider;
//   - TestLostCreateReplies: the first reply of every create action lost;
//   - TestLifecycleCalls: each kind's calls per command, by action.
//
// They take about three minutes on 2 cores (the parallel creates alone up
// to two on a busy machine) and run in `make test` with the acceptance packages;
// -short skips the long ones, and DTS_SCALE_LOAD=n makes the parallel
// creates n of each kind instead of 50. With DTS_SCALE_REPORT set they
// write their figures for BENCHMARKS.md (`make benchmarks`).
//
// The tests are in package scale_test; this file only names the package.
// See harness_test.go for how the provider process is made.
package scale
