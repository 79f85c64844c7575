package emulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"slices"
	"strings"
	"time"
)

// TC3-HMAC-SHA256 verification. The signature is recomputed from the request
// as received and compared in constant time with the one in the
// Authorization header:
//
//	Authorization: TC3-HMAC-SHA256 Credential=<SecretId>/<date>/<service>/tc3_request,
//	               SignedHeaders=content-type;host, Signature=<hex>
//
// The canonical request is the method, "/", the query string, the canonical
// headers (each signed header as lowercase-name:trimmed-lowercase-value, with
// host taken from the Host header the request carries), the signed header
// list and the hex SHA-256 of the body — or of "UNSIGNED-PAYLOAD" when the
// X-TC-Content-SHA256 header says so.

const (
	tc3Algorithm     = "TC3-HMAC-SHA256"
	tc3Terminator    = "tc3_request"
	unsignedPayload  = "UNSIGNED-PAYLOAD"
	maxClockSkew     = 300 * time.Second
	scopeDateLayout  = "2006-01-02"
	contentSHAHeader = "X-TC-Content-SHA256"
)

// authHeader is a parsed Authorization header.
type authHeader struct {
	SecretID      string
	Date          string
	Service       string
	SignedHeaders []string
	Signature     string
}

// parseAuthorization parses the TC3 Authorization header.
func parseAuthorization(h string) (*authHeader, *apiError) {
	bad := func(why string) *apiError {
		return errf(codeInvalidAuthorization, "The Authorization header is malformed: %s.", why)
	}
	if h == "" {
		return nil, errf(codeInvalidAuthorization, "The Authorization header is missing.")
	}
	rest, ok := strings.CutPrefix(h, tc3Algorithm+" ")
	if !ok {
		return nil, bad("the algorithm must be " + tc3Algorithm)
	}
	a := &authHeader{}
	var credential, signed string
	for part := range strings.SplitSeq(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, bad("expected Credential, SignedHeaders and Signature")
		}
		switch k {
		case "Credential":
			credential = v
		case "SignedHeaders":
			signed = v
		case "Signature":
			a.Signature = v
		default:
			return nil, bad("unexpected element " + k)
		}
	}
	if credential == "" || signed == "" || a.Signature == "" {
		return nil, bad("expected Credential, SignedHeaders and Signature")
	}
	scope := strings.Split(credential, "/")
	if len(scope) != 4 || scope[0] == "" || scope[2] == "" || scope[3] != tc3Terminator {
		return nil, bad("the Credential must be <SecretId>/<date>/<service>/tc3_request")
	}
	if _, err := time.Parse(scopeDateLayout, scope[1]); err != nil {
		return nil, bad("the credential date must be yyyy-mm-dd")
	}
	a.SecretID, a.Date, a.Service = scope[0], scope[1], scope[2]
	for name := range strings.SplitSeq(signed, ";") {
		if name == "" || name != strings.ToLower(name) {
			return nil, bad("SignedHeaders must be lowercase names separated by ';'")
		}
		a.SignedHeaders = append(a.SignedHeaders, name)
	}
	if !slices.Contains(a.SignedHeaders, "content-type") || !slices.Contains(a.SignedHeaders, "host") {
		return nil, bad("SignedHeaders must include content-type and host")
	}
	if len(a.Signature) != 64 {
		return nil, bad("the Signature must be 64 hexadecimal characters")
	}
	if _, err := hex.DecodeString(a.Signature); err != nil {
		return nil, bad("the Signature must be 64 hexadecimal characters")
	}
	return a, nil
}

// canonicalRequest builds the TC3 canonical request of r.
func canonicalRequest(r *http.Request, signedHeaders []string, body []byte) string {
	var b strings.Builder
	b.WriteString(r.Method)
	b.WriteString("\n/\n")
	b.WriteString(r.URL.RawQuery)
	b.WriteByte('\n')
	for _, name := range signedHeaders {
		var v string
		switch {
		case name == "host":
			v = r.Host
		case name == "content-type" && r.Method == http.MethodGet && r.Header.Get(name) == "":
			// What a GET signs, whether it sends the header or not.
			v = formContentType
		default:
			v = r.Header.Get(name)
		}
		b.WriteString(name)
		b.WriteByte(':')
		b.WriteString(strings.ToLower(strings.TrimSpace(v)))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(strings.Join(signedHeaders, ";"))
	b.WriteByte('\n')
	if r.Header.Get(contentSHAHeader) == unsignedPayload {
		b.WriteString(sha256Hex([]byte(unsignedPayload)))
	} else {
		b.WriteString(sha256Hex(body))
	}
	return b.String()
}

// tc3Signature signs a canonical request.
func tc3Signature(secretKey, date, service, timestamp, canonical string) string {
	stringToSign := tc3Algorithm + "\n" + timestamp + "\n" + date + "/" + service + "/" + tc3Terminator + "\n" + sha256Hex([]byte(canonical))
	kDate := hmacSHA256([]byte("TC3"+secretKey), date)
	kService := hmacSHA256(kDate, service)
	kSigning := hmacSHA256(kService, tc3Terminator)
	return hex.EncodeToString(hmacSHA256(kSigning, stringToSign))
}

func hmacSHA256(key []byte, msg string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(msg))
	return h.Sum(nil)
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// tempCredential is a key pair issued by AssumeRole. The key is kept (the
// signature check needs it); the token only as its SHA-256.
type tempCredential struct {
	SecretKey string
	TokenHash string
	Expires   time.Time
	RoleArn   string
	Session   string
}

// checkCredentials reads the Authorization header and checks what needs no
// body: its shape, the scope date, the timestamp's skew, the SecretId and
// the token of temporary credentials. It runs before the body is read, so
// that an unsigned request costs no more than its headers. It records the
// caller's SecretId and the service of the credential scope.
func (e *Emulator) checkCredentials(x *exchange) *apiError {
	if x.v1 {
		return nil // verifyV1 checks them with the signature
	}
	a, err := parseAuthorization(x.r.Header.Get("Authorization"))
	if err != nil {
		return err
	}
	x.auth = a
	x.service = a.Service
	x.secretID = a.SecretID
	ts := time.Unix(x.timestamp, 0).UTC()
	if ts.Format(scopeDateLayout) != a.Date {
		return errf(codeInvalidAuthorization, "The credential date %s does not match the date of X-TC-Timestamp (%s UTC).",
			a.Date, ts.Format(scopeDateLayout))
	}
	key, err := e.checkSecret(x, x.r.Header.Get("X-TC-Token"))
	if err != nil {
		return err
	}
	x.secretKey = key
	return nil
}

// checkSecret checks what any signature needs but the signature itself:
// the timestamp within the allowed skew, a known SecretId, and the token of
// temporary credentials. It returns the SecretId's key.
func (e *Emulator) checkSecret(x *exchange, token string) (string, *apiError) {
	now := e.wall.Now()
	if skew := now.Sub(time.Unix(x.timestamp, 0)); skew > maxClockSkew || skew < -maxClockSkew {
		return "", errf(codeSignatureExpire, "The request is expired: its timestamp %d is more than %d seconds from the server time %d.",
			x.timestamp, int(maxClockSkew/time.Second), now.Unix())
	}
	key, tmp := e.secretKey(x.secretID)
	if key == "" {
		return "", errf(codeSecretIDNotFound, "The SecretId is not found, please ensure that your SecretId is correct.")
	}
	if tmp != nil {
		switch {
		case token == "":
			return "", errf(codeTokenFailure, "The request is signed with temporary credentials but carries no token.")
		case subtle.ConstantTimeCompare([]byte(sha256Hex([]byte(token))), []byte(tmp.TokenHash)) != 1:
			return "", errf(codeTokenFailure, "The token does not belong to the temporary SecretId.")
		case !now.Before(tmp.Expires):
			return "", errf(codeTokenFailure, "The temporary credentials expired at %s.", tmp.Expires.UTC().Format(time.RFC3339))
		}
	}
	return key, nil
}

// verifySignature recomputes the signature of x's request, body included,
// and compares it with the Authorization header's. Only a request that
// passes it is authenticated (and journaled).
func (e *Emulator) verifySignature(x *exchange) *apiError {
	if x.v1 {
		return e.verifyV1(x)
	}
	a := x.auth
	want := tc3Signature(x.secretKey, a.Date, a.Service, x.r.Header.Get("X-TC-Timestamp"), canonicalRequest(x.r, a.SignedHeaders, x.body))
	if !hmac.Equal([]byte(want), []byte(strings.ToLower(a.Signature))) {
		return errf(codeSignatureFailure, "The provided credentials could not be validated. Please check your signature is correct.")
	}
	x.authenticated = true
	return nil
}

// secretKey returns the key of a SecretId and, for temporary credentials,
// their record; "" when the SecretId is unknown.
func (e *Emulator) secretKey(id string) (string, *tempCredential) {
	if k, ok := e.creds[id]; ok {
		return k, nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if t, ok := e.st.TempCreds[id]; ok {
		c := *t
		return c.SecretKey, &c
	}
	return "", nil
}
