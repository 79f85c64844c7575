package emulator

import (
	"encoding/json"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Helpers every kind uses to build its responses and to store what a
// request configured.

func ptr[T any](v T) *T { return &v }

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func ptrs(list []string) []*string {
	out := make([]*string, len(list))
	for i := range list {
		out[i] = &list[i]
	}
	return out
}

// fmtTime renders a job-clock time in the API's format; a zero time is nil,
// so that the encoder applies the member's zero value ("" or the zero date).
func fmtTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	return ptr(t.In(dtsapi.Beijing).Format(dtsapi.TimeLayout))
}

// fmtTimeOrEmpty renders a time, or "" when it is zero (also for members
// the encoder would render as the zero date).
func fmtTimeOrEmpty(t time.Time) *string {
	if t.IsZero() {
		return ptr("")
	}
	return fmtTime(t)
}

// Step statuses (StepDetailInfo.Status) as the real service answers them:
// the samples show finished for a done step and skipped for a skipped one,
// where the definition documents success.
const (
	stepFinished   = "finished"
	stepSkipped    = "skipped"
	stepFailed     = "failed"
	stepRunning    = "running"
	stepNotStarted = "notStarted"
)

// stepView renders a progress step that has not started; callers update it.
func stepView(no int, s stepDef) *dtsapi.StepDetailInfo {
	return &dtsapi.StepDetailInfo{
		StepNo:   ptr(uint64(no)),
		StepName: ptr(s.Name),
		StepId:   ptr(s.ID),
		Status:   ptr(stepNotStarted),
		Percent:  ptr[uint64](0),
	}
}

// percent is the progress of a step that is not done: at most 99.
func percent(done, total time.Duration) uint64 {
	if total <= 0 {
		return 0
	}
	p := uint64(done * 100 / total)
	return min(p, 99)
}

// scrubSecrets replaces every non-empty secret member (Password,
// TmpSecretKey, TmpToken, …) of a model value by the mask, so that a job
// never stores a secret (migration jobs read back the mask).
func scrubSecrets[T any](v *T) *T { return replaceSecrets(v, passwordMask) }

// clearSecrets empties every secret member of a model value (sync jobs read
// back "", as in the sync samples).
func clearSecrets[T any](v *T) *T { return replaceSecrets(v, "") }

// replaceSecrets returns a copy of v whose non-empty secret members read
// with.
func replaceSecrets[T any](v *T, with string) *T {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var generic any
	if err := json.Unmarshal(b, &generic); err != nil {
		return nil
	}
	scrubValue(generic, with)
	b, err = json.Marshal(generic)
	if err != nil {
		return nil
	}
	out := new(T)
	if err := json.Unmarshal(b, out); err != nil {
		return nil
	}
	return out
}

func scrubValue(v any, with string) {
	switch t := v.(type) {
	case map[string]any:
		for k, val := range t {
			if s, ok := val.(string); ok && isSecretName(k) {
				if s != "" {
					t[k] = with
				}
				continue
			}
			scrubValue(val, with)
		}
	case []any:
		for _, item := range t {
			scrubValue(item, with)
		}
	}
}
