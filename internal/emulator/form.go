package emulator

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"hash"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/stsapi"
)

// GET and form-encoded POST, as API 3.0 defines them. The parameters of
// such a request are flattened: a member of a structure is named by its
// path, list items by their index from 0 — Limit=10, Status.0=created,
// Tags.0.TagKey=env. Two signatures are accepted:
//
//   - TC3-HMAC-SHA256, with the common parameters in X-TC-* headers as for
//     JSON: a GET signs the canonical query string and the hash of an empty
//     payload, with content-type application/x-www-form-urlencoded (the
//     header may be left out of a GET: that value is signed); a form POST
//     signs its body.
//   - HmacSHA1 or HmacSHA256 ("signature v1"), with the common parameters
//     among the others (Action, Version, Region, Timestamp, Nonce, SecretId,
//     SignatureMethod, Signature, Token): the signature is the base64 HMAC of
//     METHOD + host + path + "?" + the parameters but Signature, sorted by
//     name, as name=value with their values unescaped. It is what a request
//     without an Authorization header uses.
//
// A GET's query string is at most 32 KiB and the body of a form POST signed
// with v1 at most 1 MiB, as on the real API.

const (
	formContentType = "application/x-www-form-urlencoded"
	maxQueryBytes   = 32 << 10
	maxV1BodyBytes  = 1 << 20
)

// v1CommonParams are the common parameters of a v1-signed request.
var v1CommonParams = []string{"Action", "Version", "Region", "Timestamp", "Nonce", "SecretId", "Signature",
	"SignatureMethod", "Token", "Language", "RequestClient"}

func isForm(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == formContentType
}

// readContentType sorts the request out: JSON, or flattened parameters
// (GET, form POST), signed with TC3 or — without an Authorization header —
// with signature v1.
func (e *Emulator) readContentType(x *exchange) *apiError {
	ct := x.r.Header.Get("Content-Type")
	switch {
	case x.r.Method == http.MethodGet:
		if ct != "" && !isForm(ct) {
			return errf(codeInvalidRequest, "A GET request carries its parameters in the query string (Content-Type %s or none), not %q.", formContentType, ct)
		}
		if len(x.r.URL.RawQuery) > maxQueryBytes {
			return errf(codeRequestSizeLimitExceeded, "The query string exceeds %d bytes.", maxQueryBytes)
		}
		x.form = true
	case isForm(ct):
		x.form = true
	case !isJSON(ct):
		return errf(codeInvalidRequest, "The emulator accepts Content-Type application/json, or %s for flattened parameters, not %q.", formContentType, ct)
	}
	x.v1 = x.form && x.r.Header.Get("Authorization") == ""
	return nil
}

// formValues parses the flattened parameters: the query string of a GET,
// the body of a POST.
func (x *exchange) formValues() (url.Values, *apiError) {
	src := string(x.body)
	if x.r.Method == http.MethodGet {
		src = x.r.URL.RawQuery
	}
	v, err := url.ParseQuery(src)
	if err != nil {
		return nil, errf(codeInvalidParameter, "The parameters are not validly encoded: %v.", err)
	}
	return v, nil
}

// verifyV1 checks a request signed with HmacSHA1 or HmacSHA256: its common
// parameters, its credentials and its signature. It takes the common
// parameters out of the request's parameters.
func (e *Emulator) verifyV1(x *exchange) *apiError {
	values, aerr := x.formValues()
	if aerr != nil {
		return aerr
	}
	for name, v := range values {
		if len(v) > 1 {
			return errf(codeInvalidParameter, "The parameter `%s` is given more than once.", name)
		}
	}
	p, aerr := v1Params(values)
	if aerr != nil {
		return aerr
	}
	x.action, x.version, x.region, x.timestamp, x.secretID = p.action, p.version, p.region, p.timestamp, p.secretID
	x.service = v1Service(x.r.Host, x.version)
	key, aerr := e.checkSecret(x, p.token)
	if aerr != nil {
		return aerr
	}
	newHash := sha1.New
	if p.method == "HmacSHA256" {
		newHash = sha256.New
	}
	want := v1Signature(newHash, key, x.r.Method, x.r.Host, x.r.URL.Path, values)
	if !hmac.Equal([]byte(want), []byte(p.signature)) {
		return errf(codeSignatureFailure, "The provided credentials could not be validated. Please check your signature is correct.")
	}
	for _, name := range v1CommonParams {
		values.Del(name)
	}
	x.values = values
	x.authenticated = true
	return nil
}

// v1Common are the common parameters of a v1-signed request.
type v1Common struct {
	action, version, region, secretID, signature, method, token string
	timestamp                                                   int64
}

// v1Params reads and checks the common parameters of a v1-signed request.
func v1Params(values url.Values) (*v1Common, *apiError) {
	p := &v1Common{
		action: values.Get("Action"), version: values.Get("Version"), region: values.Get("Region"),
		secretID: values.Get("SecretId"), signature: values.Get("Signature"), token: values.Get("Token"),
		method: cmp.Or(values.Get("SignatureMethod"), "HmacSHA1"),
	}
	for _, required := range []string{"Action", "Version", "Timestamp", "Nonce", "SecretId", "Signature"} {
		if strings.TrimSpace(values.Get(required)) == "" {
			return nil, errf(codeMissingParameter, "The request is missing a required parameter `%s`.", required)
		}
	}
	ts, err := strconv.ParseInt(values.Get("Timestamp"), 10, 64)
	if err != nil || ts <= 0 {
		return nil, errf(codeInvalidParameterValue, "The value `%s` of parameter `Timestamp` is not a Unix timestamp.", values.Get("Timestamp"))
	}
	p.timestamp = ts
	if n, err := strconv.ParseUint(values.Get("Nonce"), 10, 64); err != nil || n == 0 {
		return nil, errf(codeInvalidParameterValue, "The value `%s` of parameter `Nonce` is not a positive integer.", values.Get("Nonce"))
	}
	if p.method != "HmacSHA1" && p.method != "HmacSHA256" {
		return nil, errf(codeInvalidParameterValue, "The value `%s` of parameter `SignatureMethod` is not valid; allowed values: HmacSHA1, HmacSHA256.", p.method)
	}
	return p, nil
}

// v1Service is the service a v1-signed request calls: the first label of
// the host it is sent to (dts.tencentcloudapi.com), else the service whose
// version it names; dts by default.
func v1Service(host, version string) string {
	switch label, _, _ := strings.Cut(host, "."); {
	case label == dtsapi.Service || label == stsapi.Service:
		return label
	case version == stsapi.Version:
		return stsapi.Service
	}
	return dtsapi.Service
}

// v1Signature is the signature v1 of a request's parameters.
func v1Signature(newHash func() hash.Hash, key, method, host, path string, values url.Values) string {
	names := make([]string, 0, len(values))
	for name := range values {
		if name != "Signature" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(method + host + path + "?")
	for i, name := range names {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(name + "=" + values.Get(name))
	}
	mac := hmac.New(newHash, []byte(key))
	mac.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// formParams turns flattened parameters into the JSON of the request
// structure t, so that they are validated and decoded as a JSON body is:
// members are found by their path, values take the type of their member
// (a value that does not parse as its type stays a string, and is
// answered InvalidParameter naming it), lists are made of the items
// numbered from 0.
func formParams(values url.Values, t reflect.Type) ([]byte, *apiError) {
	names := make([]string, 0, len(values))
	for name, v := range values {
		if len(v) > 1 {
			return nil, errf(codeInvalidParameter, "The parameter `%s` is given more than once.", name)
		}
		names = append(names, name)
	}
	sort.Strings(names)
	root := map[string]any{}
	for _, name := range names {
		if err := setFlat(root, t, strings.Split(name, "."), "", values.Get(name), len(values)); err != nil {
			return nil, err
		}
	}
	tree, err := listsOf(root, "")
	if err != nil {
		return nil, err
	}
	b, jerr := json.Marshal(tree)
	if jerr != nil {
		return nil, errf(codeInvalidParameter, "The parameters cannot be decoded: %v.", jerr)
	}
	return b, nil
}

// flatList collects the items of a list member by index.
type flatList map[int]any

// setFlat sets the member at path parts (below the member at prefix, of
// type t, held in node) to value. n is the number of parameters: no list
// index reaches it.
func setFlat(node any, t reflect.Type, parts []string, prefix, value string, n int) *apiError {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	name := parts[0]
	path := join(prefix, name)
	var elem reflect.Type
	switch t.Kind() {
	case reflect.Struct:
		f, ok := structFields(t)[name]
		if !ok {
			return errf(codeUnknownParameter, "The parameter `%s` is not recognized.", path)
		}
		elem = f.Type
	case reflect.Slice:
		i, err := strconv.Atoi(name)
		if err != nil || i < 0 || i >= n {
			return errf(codeInvalidParameter, "The parameter `%s` is not a list item: `%s` is a list, numbered from 0.", path, prefix)
		}
		elem = t.Elem()
	default:
		return errf(codeInvalidParameter, "The parameter `%s` expects %s, got members.", prefix, kindName(t))
	}
	child, exists := getChild(node, name)
	if len(parts) == 1 {
		if exists {
			return errf(codeInvalidParameter, "The parameter `%s` is given both as a value and with members.", path)
		}
		setChild(node, name, flatValue(value, elem))
		return nil
	}
	if !exists {
		child = newContainer(elem)
		setChild(node, name, child)
	}
	if _, leaf := child.(string); leaf || child == nil {
		return errf(codeInvalidParameter, "The parameter `%s` is given both as a value and with members.", path)
	}
	return setFlat(child, elem, parts[1:], path, value, n)
}

func getChild(node any, name string) (any, bool) {
	switch m := node.(type) {
	case map[string]any:
		v, ok := m[name]
		return v, ok
	case flatList:
		i, _ := strconv.Atoi(name)
		v, ok := m[i]
		return v, ok
	}
	return nil, false
}

func setChild(node any, name string, v any) {
	switch m := node.(type) {
	case map[string]any:
		m[name] = v
	case flatList:
		i, _ := strconv.Atoi(name)
		m[i] = v
	}
}

// newContainer holds the members of a value of type t: an object for a
// structure, items for a list; a string for anything else (which then
// fails validation as having members).
func newContainer(t reflect.Type) any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		return map[string]any{}
	case reflect.Slice:
		return flatList{}
	}
	return nil
}

// flatValue is a flattened value as the JSON value of its member's type.
func flatValue(s string, t reflect.Type) any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool:
		if b, err := strconv.ParseBool(s); err == nil && (s == "true" || s == "false") {
			return b
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		if _, err := strconv.ParseFloat(s, 64); err == nil && json.Valid([]byte(s)) {
			return json.Number(s)
		}
	}
	return s
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	}
	return "a number"
}

// listsOf replaces the item collections in a tree by lists, checking that
// they are numbered from 0 without gaps.
func listsOf(v any, path string) (any, *apiError) {
	switch t := v.(type) {
	case map[string]any:
		for k, child := range t {
			c, err := listsOf(child, join(path, k))
			if err != nil {
				return nil, err
			}
			t[k] = c
		}
		return t, nil
	case flatList:
		indexes := make([]int, 0, len(t))
		for i := range t {
			indexes = append(indexes, i)
		}
		slices.Sort(indexes)
		out := make([]any, len(indexes))
		for want, i := range indexes {
			if i != want {
				return nil, errf(codeInvalidParameter, "The parameter `%s` is a list: its items are numbered from 0 without gaps, and `%s.%d` is missing.", path, path, want)
			}
			c, err := listsOf(t[i], join(path, strconv.Itoa(i)))
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	}
	return v, nil
}
