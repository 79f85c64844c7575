// Package dtsapi holds the wire models of Tencent Cloud DTS (API 2021-12-06),
// shared by the provider's client and the emulator, and the table of known
// enum values both of them validate against.
//
// The models in zz_generated_*.go are produced by internal/cmd/dtsgen from the
// API definition (api.zh.json): exact JSON names and types, every field a
// pointer with omitempty, as the official Go SDK does. Regenerate with
// `make models DTS_API=path/to/api.zh.json`.
package dtsapi

// ActionInfo names the request and response structures of one action.
type ActionInfo struct {
	Name        string
	Request     string
	Response    string
	NewRequest  func() any
	NewResponse func() any
}
