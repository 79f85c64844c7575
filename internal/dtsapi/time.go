package dtsapi

import (
	"strings"
	"time"
)

// TimeLayout is the API's date-time format, in Beijing time.
const TimeLayout = "2006-01-02 15:04:05"

// ZeroTime is what the API returns for a date-time that is not set.
const ZeroTime = "0000-00-00 00:00:00"

// Beijing is UTC+8 without daylight saving, the zone of every API date-time.
// A fixed zone keeps the binary independent of the system's tzdata.
var Beijing = time.FixedZone("CST", 8*60*60)

// FormatTime renders t in the API's format; the zero time renders as ZeroTime.
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ZeroTime
	}
	return t.In(Beijing).Format(TimeLayout)
}

// ParseTime reads an API date-time. It reports false for "", the zero date
// and anything it cannot read.
func ParseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || s == ZeroTime || strings.HasPrefix(s, "0000-00-00") {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation(TimeLayout, s, Beijing)
	if err != nil {
		if t2, err2 := time.Parse(time.RFC3339, s); err2 == nil {
			return t2, true
		}
		return time.Time{}, false
	}
	return t, true
}

// RFC3339 converts an API date-time to RFC 3339 with the +08:00 offset, or
// "" when it is not set.
func RFC3339(s string) string {
	t, ok := ParseTime(s)
	if !ok {
		return ""
	}
	return t.In(Beijing).Format(time.RFC3339)
}
