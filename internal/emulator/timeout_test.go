package emulator

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestHalfSentBodyTimesOut: a client that sends its headers and part of a
// body does not hold its connection for ever, even on a server without
// timeouts (an emulator served in process): the emulator gives up reading
// the body after its body timeout.
func TestHalfSentBodyTimesOut(t *testing.T) {
	for _, path := range []string{"/", "/_emulator/advance"} {
		h := newHarness(t, Options{})
		h.emu.bodyTimeout = 200 * time.Millisecond
		conn, err := net.Dial("tcp", strings.TrimPrefix(h.srv.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		req := "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n" +
			"X-TC-Action: DescribeMigrationJobs\r\nX-TC-Version: 2021-12-06\r\nX-TC-Region: ap-guangzhou\r\n" +
			"X-TC-Timestamp: " + itoa(time.Now().Unix()) + "\r\n" +
			"Authorization: " + signedRequest("DescribeMigrationJobs", "{}", time.Now()).Header.Get("Authorization") + "\r\n\r\n{\"Limit\":"
		if _, err := io.WriteString(conn, req); err != nil {
			t.Fatal(err)
		}
		_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		start := time.Now()
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: no answer to a half-sent body: %v", path, err)
		}
		resp.Body.Close()
		if waited := time.Since(start); waited > 5*time.Second {
			t.Fatalf("%s: answered after %s", path, waited)
		}
	}
}

// TestLatencyFaultOutlivesTheWriteTimeout: a server's WriteTimeout does not
// cut the answer a latency fault delays.
func TestLatencyFaultOutlivesTheWriteTimeout(t *testing.T) {
	h := newHarness(t, Options{})
	srv := httptest.NewUnstartedServer(h.emu)
	srv.Config = NewHTTPServer(h.emu)
	srv.Config.WriteTimeout = 300 * time.Millisecond
	srv.Start()
	t.Cleanup(srv.Close)
	h.srv = srv
	h.emu.AddFault(FaultRule{Kind: FaultLatency, Latency: 600 * time.Millisecond, Action: "DescribeMigrationJobs"})
	if _, err := h.dts("DescribeMigrationJobs", nil); err != nil {
		t.Fatalf("a delayed answer: %v", err)
	}
	// Without the fault, the write timeout still applies to other requests.
	if _, err := h.dts("DescribeMigrateDBInstances", map[string]any{"DatabaseType": "mysql"}); err != nil {
		t.Fatal(err)
	}
	if err := (FaultRule{Kind: FaultLatency, Latency: MaxFaultLatency + time.Second}).Validate(); err == nil {
		t.Fatal("a latency beyond MaxFaultLatency was accepted")
	}
}

// TestHTTPServerHasTimeouts: the standalone emulator's server bounds every
// phase of a request.
func TestHTTPServerHasTimeouts(t *testing.T) {
	s := NewHTTPServer(http.NotFoundHandler())
	if s.ReadHeaderTimeout <= 0 || s.ReadTimeout < BodyReadTimeout || s.WriteTimeout <= 0 || s.IdleTimeout <= 0 {
		t.Fatalf("timeouts: %+v", s)
	}
}
