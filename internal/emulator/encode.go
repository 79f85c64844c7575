package emulator

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The one response encoder. Handlers fill the generated response structures
// (every field a pointer with omitempty); the encoder writes EVERY member of
// the structure, as the real API does: unset strings as "", numbers as 0,
// booleans as false, lists as [], nested structures zero-filled recursively,
// unset date-times as the zero date, and secrets masked.

// zeroDateMembers are the date-time members ("Structure.Member") that the
// real API renders as "0000-00-00 00:00:00" when they are not set (see the
// DescribeMigrationJobs sample): a nil member reads the zero date, an
// explicit "" reads "" (the DescribeMigrationDetail sample reads its unset
// TradeInfo.OfflineTime and IsolateTime "", the list sample the zero date). Other unset date-times, such as
// ExpectRunTime of an immediate job or the StartTime of a step that has not
// started, render as "" as the samples show. Add the members of new
// structures here when implementing their actions.
var zeroDateMembers = map[string]bool{
	"JobItem.CreateTime":                         true,
	"JobItem.UpdateTime":                         true,
	"JobItem.StartTime":                          true,
	"JobItem.EndTime":                            true,
	"DescribeMigrationDetailResponse.CreateTime": true,
	"DescribeMigrationDetailResponse.UpdateTime": true,
	"DescribeMigrationDetailResponse.StartTime":  true,
	"DescribeMigrationDetailResponse.EndTime":    true,
	"TradeInfo.ExpireTime":                       true,
	"TradeInfo.OfflineTime":                      true,
	"TradeInfo.IsolateTime":                      true,
	"CheckStepInfo.StartAt":                      true,
	"CheckStepInfo.EndAt":                        true,
	// DescribeSyncJobs reads its unset dates as the zero date (sample).
	"SyncJobInfo.CreateTime":    true,
	"SyncJobInfo.StartTime":     true,
	"SyncJobInfo.EndTime":       true,
	"SyncJobInfo.ExpectRunTime": true,
	"SyncJobInfo.ExpireTime":    true,
	"SyncJobInfo.OfflineTime":   true,
	// Subscriptions: "默认：0000-00-00 00:00:00" (SubscribeInfo), as the detail
	// sample reads its IsolateTime.
	"SubscribeInfo.IsolateTime":                   true,
	"SubscribeInfo.ExpireTime":                    true,
	"SubscribeInfo.OfflineTime":                   true,
	"DescribeSubscribeDetailResponse.IsolateTime": true,
	"DescribeSubscribeDetailResponse.ExpireTime":  true,
	"DescribeSubscribeDetailResponse.OfflineTime": true,
}

// nullMembers are the list members ("Structure.Member") that the real API
// renders as null, not [], when they are empty: the DescribeSubscribeDetail
// sample reads "Errors": null for a subscription without errors.
var nullMembers = map[string]bool{
	"DescribeSubscribeDetailResponse.Errors": true,
	"SubscribeInfo.Errors":                   true,
}

// maskedMembers are member names whose non-empty values DTS responses mask
// (the DescribeMigrationJobs sample shows "Password": "xxxxxxxx"). STS
// responses are not masked: AssumeRole exists to return a secret key.
var maskedMembers = map[string]bool{
	"Password":     true,
	"NewPassword":  true,
	"TmpSecretKey": true,
	"TmpToken":     true,
}

// passwordMask is what a masked secret reads as.
const passwordMask = "xxxxxxxx"

type encoder struct {
	buf  bytes.Buffer
	mask bool
	// path holds the structure types being zero-filled, so that a recursive
	// structure renders null instead of recursing forever.
	path []reflect.Type
}

// encodeResponse renders {"Response": resp} with every member present.
// resp must be a pointer to a struct.
func encodeResponse(resp any, mask bool) []byte {
	enc := &encoder{mask: mask}
	enc.buf.WriteString(`{"Response":`)
	enc.value(reflect.ValueOf(resp), nil)
	enc.buf.WriteByte('}')
	return enc.buf.Bytes()
}

// encodeError renders the error envelope.
func encodeError(e *apiError, requestID string) []byte {
	var b bytes.Buffer
	b.WriteString(`{"Response":{"Error":{"Code":`)
	appendString(&b, e.Code)
	b.WriteString(`,"Message":`)
	appendString(&b, e.Message)
	b.WriteString(`},"RequestId":`)
	appendString(&b, requestID)
	b.WriteString(`}}`)
	return b.Bytes()
}

// fieldInfo is what the encoder needs to know about one member.
type fieldInfo struct {
	index    int
	name     string
	quoted   []byte // the member name as a JSON string followed by ':'
	zeroDate bool   // unset renders as the zero date
	null     bool   // an empty list renders as null
	masked   bool   // a secret, masked in DTS responses
}

// typeFields caches the members of each structure type.
var typeFields sync.Map // reflect.Type → []fieldInfo

func fieldsOf(t reflect.Type) []fieldInfo {
	if v, ok := typeFields.Load(t); ok {
		return v.([]fieldInfo)
	}
	var out []fieldInfo
	for i := range t.NumField() {
		name, ok := jsonName(t.Field(i))
		if !ok {
			continue
		}
		var q bytes.Buffer
		appendString(&q, name)
		q.WriteByte(':')
		out = append(out, fieldInfo{
			index: i, name: name, quoted: q.Bytes(),
			zeroDate: zeroDateMembers[t.Name()+"."+name],
			null:     nullMembers[t.Name()+"."+name],
			masked:   maskedMembers[name],
		})
	}
	typeFields.Store(t, out)
	return out
}

// value writes v; f describes the member holding it (nil at the top).
func (enc *encoder) value(v reflect.Value, f *fieldInfo) {
	t := v.Type()
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			enc.zero(t.Elem(), f)
			return
		}
		enc.value(v.Elem(), f)
	case reflect.Struct:
		enc.structValue(v)
	case reflect.Slice:
		if v.IsNil() || v.Len() == 0 {
			enc.emptyList(f)
			return
		}
		enc.buf.WriteByte('[')
		for i := range v.Len() {
			if i > 0 {
				enc.buf.WriteByte(',')
			}
			enc.value(v.Index(i), f)
		}
		enc.buf.WriteByte(']')
	case reflect.String:
		s := v.String()
		if f != nil {
			if enc.mask && s != "" && f.masked {
				s = passwordMask
			}
		}
		appendString(&enc.buf, s)
	case reflect.Bool:
		enc.buf.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		enc.buf.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		enc.buf.WriteString(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		enc.buf.WriteString(strconv.FormatFloat(v.Float(), 'g', -1, 64))
	case reflect.Map, reflect.Interface:
		// The generated models have neither; fall back to encoding/json.
		b, err := json.Marshal(v.Interface())
		if err != nil {
			enc.buf.WriteString("null")
			return
		}
		enc.buf.Write(b)
	default:
		enc.buf.WriteString("null")
	}
}

func (enc *encoder) structValue(v reflect.Value) {
	t := v.Type()
	enc.path = append(enc.path, t)
	defer func() { enc.path = enc.path[:len(enc.path)-1] }()
	enc.buf.WriteByte('{')
	for i, f := range fieldsOf(t) {
		if i > 0 {
			enc.buf.WriteByte(',')
		}
		enc.buf.Write(f.quoted)
		enc.value(v.Field(f.index), &f)
	}
	enc.buf.WriteByte('}')
}

// zero writes the zero value of t, filling structures recursively.
func (enc *encoder) zero(t reflect.Type, f *fieldInfo) {
	switch t.Kind() {
	case reflect.Pointer:
		enc.zero(t.Elem(), f)
	case reflect.Struct:
		for _, seen := range enc.path {
			if seen == t {
				enc.buf.WriteString("null")
				return
			}
		}
		enc.path = append(enc.path, t)
		enc.buf.WriteByte('{')
		for i, sf := range fieldsOf(t) {
			if i > 0 {
				enc.buf.WriteByte(',')
			}
			enc.buf.Write(sf.quoted)
			enc.zero(t.Field(sf.index).Type, &sf)
		}
		enc.buf.WriteByte('}')
		enc.path = enc.path[:len(enc.path)-1]
	case reflect.Slice:
		enc.emptyList(f)
	case reflect.String:
		if f != nil && f.zeroDate {
			appendString(&enc.buf, dtsapi.ZeroTime)
			return
		}
		enc.buf.WriteString(`""`)
	case reflect.Bool:
		enc.buf.WriteString("false")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		enc.buf.WriteByte('0')
	default:
		enc.buf.WriteString("null")
	}
}

// emptyList writes an empty list: [] or, for the members of nullMembers, null.
func (enc *encoder) emptyList(f *fieldInfo) {
	if f != nil && f.null {
		enc.buf.WriteString("null")
		return
	}
	enc.buf.WriteString("[]")
}

// jsonName is the member name of a struct field, from its json tag.
func jsonName(f reflect.StructField) (string, bool) {
	if !f.IsExported() {
		return "", false
	}
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", false
	}
	name, _, _ := strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	return name, true
}

// appendString writes s as a JSON string without HTML escaping, as the API does.
func appendString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\r':
				b.WriteString(`\r`)
			case c == '\t':
				b.WriteString(`\t`)
			case c < 0x20:
				b.WriteString(`\u00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&0xf])
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\ufffd`)
		case r == '\u2028' || r == '\u2029':
			b.WriteString(`\u202`)
			b.WriteByte(hex[r&0xf])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
}
