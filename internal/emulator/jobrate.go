package emulator

import (
	"reflect"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The transfer rate of a job (RateLimitOption), which every kind that
// transfers data lets the user limit (ModifyMigrateRateLimit,
// ModifySyncRateLimit).

// rateSetting is one member of a rate limit (RateLimit, the requests of
// ModifyMigrateRateLimit and ModifySyncRateLimit): its name, its documented
// maximum, and where it lands in RateLimitOption. 0 or absent keeps the
// current value.
type rateSetting struct {
	name        string
	max         int64
	current, by func(*dtsapi.RateLimitOption) **int64 // by: the default
}

// rateSettings are the rate-limit members with the maxima the definition
// gives (RateLimit, RateLimitOption: 16 export threads, 16 import threads,
// 128 incremental threads, 50 000 000 rows/s).
var rateSettings = []rateSetting{
	{"DumpThread", 16, func(o *dtsapi.RateLimitOption) **int64 { return &o.CurrentDumpThread },
		func(o *dtsapi.RateLimitOption) **int64 { return &o.DefaultDumpThread }},
	{"DumpRps", 50000000, func(o *dtsapi.RateLimitOption) **int64 { return &o.CurrentDumpRps },
		func(o *dtsapi.RateLimitOption) **int64 { return &o.DefaultDumpRps }},
	{"LoadThread", 16, func(o *dtsapi.RateLimitOption) **int64 { return &o.CurrentLoadThread },
		func(o *dtsapi.RateLimitOption) **int64 { return &o.DefaultLoadThread }},
	{"LoadRps", 50000000, func(o *dtsapi.RateLimitOption) **int64 { return &o.CurrentLoadRps },
		func(o *dtsapi.RateLimitOption) **int64 { return &o.DefaultLoadRps }},
	{"SinkerThread", 128, func(o *dtsapi.RateLimitOption) **int64 { return &o.CurrentSinkerThread },
		func(o *dtsapi.RateLimitOption) **int64 { return &o.DefaultSinkerThread }},
}

// defaultRates builds the RateLimitOption of a job the user never limited:
// current and default values (in rateSettings' order) alike.
func defaultRates(values ...int64) *dtsapi.RateLimitOption {
	o := &dtsapi.RateLimitOption{HasUserSetRateLimit: ptr("no")}
	for i, s := range rateSettings {
		*s.current(o), *s.by(o) = ptr(values[i]), ptr(values[i])
	}
	return o
}

// rateValues reads the rate-limit members of a request structure (the
// requests of ModifyMigrateRateLimit and ModifySyncRateLimit, RateLimit) in
// rateSettings' order; absent members read 0.
func rateValues(req any) []int64 {
	v := reflect.ValueOf(req).Elem()
	out := make([]int64, len(rateSettings))
	for i, s := range rateSettings {
		if p := v.FieldByName(s.name).Interface().(*int64); p != nil {
			out[i] = *p
		}
	}
	return out
}

// limitRate applies the values of a rate-limit request to *rl (defaults()
// when the user never limited the job), within maxima; nothing changes
// unless every value is valid.
func limitRate(rl **dtsapi.RateLimitOption, defaults func() *dtsapi.RateLimitOption, values, maxima []int64) *apiError {
	cur := *rl
	if cur == nil {
		cur = defaults()
	}
	next, err := changeRateLimit(cur, values, maxima)
	if err != nil {
		return err
	}
	*rl = next
	return nil
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
