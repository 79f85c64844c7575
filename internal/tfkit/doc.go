// Package tfkit is what every resource and data source of the provider
// shares, whatever the job kind: the conversions between framework models and
// the wire models (flex.go, with the provider-wide exception table in
// flex_exceptions.go), what Read owns and what the configuration owns
// (merge.go), the attribute paths a plan changes (diff.go), the one path from
// an error to a diagnostic (diag.go), schema builders (schema.go) and the
// custom value types (object.go, time.go).
//
// It knows nothing of job lifecycles (internal/jobkit) nor of any one job kind
// (internal/service/...).
package tfkit
