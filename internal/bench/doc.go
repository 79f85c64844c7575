// Package bench holds the provider-wide measurements that `make bench`
// reports beside the packages' own benchmarks: the polling of job waits
// against the official provider's schedule (polling_test.go), replayed on
// the emulator's timelines on a fake clock, deterministically.
package bench
