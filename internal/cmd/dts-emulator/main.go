// Command dts-emulator runs the DTS emulator in the foreground (`make
// emulator`): an offline Tencent Cloud DTS speaking the real wire protocol,
// for trying configurations without an account.
//
// Configuration comes from the environment, and flags of the same meaning
// win over it:
//
//	LISTEN                   -listen       address (default 127.0.0.1:8900)
//	TENCENTCLOUD_SECRET_ID   -secret-id    accepted SecretId (default emulator.DefaultSecretID)
//	TENCENTCLOUD_SECRET_KEY  -secret-key   its SecretKey (default emulator.DefaultSecretKey)
//	TIME_SCALE               -time-scale   duration factor in realtime mode, 1e-6 to 1000 (default 1)
//	JITTER                   -jitter       spread of durations (default 0.2 in realtime, 0 otherwise; negative: off)
//	STATE_FILE               -state-file   persist the state in this file (and its .log, locked by its .lock)
//	MODE                     -mode         realtime, step or manual (default realtime)
//	SEED                     -seed         seed of IDs and faults (default random in realtime, 1 otherwise)
//	RATE_LIMIT               -rate-limit   requests per second per action (default 20; negative: off)
//	LOG_LEVEL                -log-level    debug, info, warn or error (default info)
//
// It prints "DTS emulator listening on http://ADDRESS" on stdout, logs the
// mode, time scale and seed in use, serves with timeouts
// (emulator.NewHTTPServer), and on SIGINT or SIGTERM saves the state file,
// releases it and exits. It refuses to start on a state file it cannot write
// or that another emulator holds.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr, nil); err != nil {
		fmt.Fprintln(os.Stderr, "dts-emulator:", err)
		os.Exit(1)
	}
}

// config is the command's configuration.
type config struct {
	listen    string
	secretID  string
	secretKey string
	timeScale float64
	jitter    float64
	stateFile string
	mode      string
	seed      int64
	rateLimit float64
	logLevel  string
}

// parseConfig reads the environment, then the flags.
func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (*config, error) {
	env := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	fs := flag.NewFlagSet("dts-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &config{}
	fs.StringVar(&c.listen, "listen", env("LISTEN", "127.0.0.1:8900"), "address to listen on (LISTEN)")
	fs.StringVar(&c.secretID, "secret-id", env("TENCENTCLOUD_SECRET_ID", emulator.DefaultSecretID), "accepted SecretId (TENCENTCLOUD_SECRET_ID)")
	fs.StringVar(&c.secretKey, "secret-key", env("TENCENTCLOUD_SECRET_KEY", emulator.DefaultSecretKey), "its SecretKey (TENCENTCLOUD_SECRET_KEY)")
	fs.StringVar(&c.stateFile, "state-file", env("STATE_FILE", ""), "persist the state in this file (STATE_FILE)")
	fs.StringVar(&c.mode, "mode", env("MODE", string(emulator.ModeRealtime)), "realtime, step or manual (MODE)")
	fs.StringVar(&c.logLevel, "log-level", env("LOG_LEVEL", "info"), "debug, info, warn or error (LOG_LEVEL)")
	var scale, jitter, seed, rate string
	fs.StringVar(&scale, "time-scale", env("TIME_SCALE", "1"), "duration factor in realtime mode, 1e-6 to 1000 (TIME_SCALE)")
	fs.StringVar(&jitter, "jitter", env("JITTER", "0"), "spread of durations; 0 means 0.2 in realtime mode and none otherwise, negative turns it off (JITTER)")
	fs.StringVar(&seed, "seed", env("SEED", "0"), "seed of IDs and faults; 0 picks the mode's default (SEED)")
	fs.StringVar(&rate, "rate-limit", env("RATE_LIMIT", "0"), "requests per second per action; 0 means 20, negative turns it off (RATE_LIMIT)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var err error
	if c.timeScale, err = strconv.ParseFloat(scale, 64); err != nil || c.timeScale <= 0 {
		return nil, fmt.Errorf("TIME_SCALE must be a positive number, got %q", scale)
	}
	if c.jitter, err = strconv.ParseFloat(jitter, 64); err != nil {
		return nil, fmt.Errorf("JITTER must be a number, got %q", jitter)
	}
	if c.seed, err = strconv.ParseInt(seed, 10, 64); err != nil {
		return nil, fmt.Errorf("SEED must be an integer, got %q", seed)
	}
	if c.rateLimit, err = strconv.ParseFloat(rate, 64); err != nil {
		return nil, fmt.Errorf("RATE_LIMIT must be a number, got %q", rate)
	}
	return c, nil
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	err := l.UnmarshalText([]byte(s))
	return l, err
}

// run serves until ctx is done. ready, when not nil, receives the URL once
// the server listens (for tests).
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, ready chan<- string) error {
	c, err := parseConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	level, err := parseLevel(c.logLevel)
	if err != nil {
		return fmt.Errorf("LOG_LEVEL: %w", err)
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	emu, err := emulator.New(emulator.Options{
		Credentials: map[string]string{c.secretID: c.secretKey},
		Mode:        emulator.Mode(c.mode),
		TimeScale:   c.timeScale,
		Jitter:      c.jitter,
		Seed:        c.seed,
		StateFile:   c.stateFile,
		RateLimit:   c.rateLimit,
		Logger:      logger,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.listen)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "DTS emulator listening on %s\n", url)
	logger.Info("emulator started", "mode", emu.Mode(), "time_scale", emu.TimeScale(), "seed", emu.Seed(), "state_file", c.stateFile,
		"secret_id", c.secretID, "default_credentials", c.secretID == emulator.DefaultSecretID)
	if host, _, err := net.SplitHostPort(ln.Addr().String()); err == nil {
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			logger.Warn("listening beyond loopback: the API is reachable from other hosts; the admin API (/_emulator/) still answers loopback callers only")
		}
	}

	srv := emulator.NewHTTPServer(emu)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	if ready != nil {
		ready <- url
	}
	select {
	case err := <-served:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	shutdownErr := srv.Shutdown(shutdown)
	if err := emu.Close(); err != nil {
		return fmt.Errorf("saving the state: %w", err)
	}
	logger.Info("emulator stopped")
	return shutdownErr
}
