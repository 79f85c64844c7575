package emulator

import "github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"

// The transfer rate of a job (RateLimitOption), which every kind that
// transfers data lets the user limit (ModifyMigrateRateLimit,
// ModifySyncRateLimit).

// rateSetting is one member of a rate limit (RateLimit, the requests of
// ModifyMigrateRateLimit and ModifySyncRateLimit): its name, its documented
// maximum, and where it lands in RateLimitOption. 0 or absent keeps the
// current value.
type rateSetting struct {
	name    string
	max     int64
	current func(*dtsapi.RateLimitOption) **int64
}

// rateSettings are the rate-limit members with the maxima the definition
// gives (RateLimit, RateLimitOption: 16 export threads, 16 import threads,
// 128 incremental threads, 50 000 000 rows/s).
var rateSettings = []rateSetting{
	{"DumpThread", 16, func(o *dtsapi.RateLimitOption) **int64 { return &o.CurrentDumpThread }},
	{"DumpRps", 50000000, func(o *dtsapi.RateLimitOption) **int64 { return &o.CurrentDumpRps }},
	{"LoadThread", 16, func(o *dtsapi.RateLimitOption) **int64 { return &o.CurrentLoadThread }},
	{"LoadRps", 50000000, func(o *dtsapi.RateLimitOption) **int64 { return &o.CurrentLoadRps }},
	{"SinkerThread", 128, func(o *dtsapi.RateLimitOption) **int64 { return &o.CurrentSinkerThread }},
}

// rateMaxima are the maxima of rateSettings, in their order.
func rateMaxima() []int64 {
	out := make([]int64, len(rateSettings))
	for i, s := range rateSettings {
		out[i] = s.max
	}
	return out
}

// checkRates checks rate-limit values (in rateSettings' order; 0 keeps the
// current value) against maxima; path prefixes the parameter names.
func checkRates(path string, values, maxima []int64) *apiError {
	for i, s := range rateSettings {
		if v := values[i]; v < 0 || v > maxima[i] {
			return errf(codeInvalidParameterValue, "The value `%d` of parameter `%s` is not valid; it must be between 1 and %d (0 keeps the current value).",
				v, join(path, s.name), maxima[i])
		}
	}
	return nil
}

// changeRateLimit checks values (in rateSettings' order) against maxima and
// returns cur with the values that are not 0 applied, marked as set by the
// user. cur is not changed (a shallow copy: members are replaced, never
// written through).
func changeRateLimit(cur *dtsapi.RateLimitOption, values, maxima []int64) (*dtsapi.RateLimitOption, *apiError) {
	if err := checkRates("", values, maxima); err != nil {
		return nil, err
	}
	rl := *cur
	for i, s := range rateSettings {
		if values[i] > 0 {
			*s.current(&rl) = ptr(values[i])
		}
	}
	rl.HasUserSetRateLimit = ptr("yes")
	return &rl, nil
}
