// Command demo is `make demo`: it starts the DTS emulator on a free loopback
// port with a short time scale, writes a throwaway Terraform CLI
// configuration whose dev_overrides point at the freshly built provider, runs
// `terraform apply` on an example, prints its outputs, destroys it, and stops
// the emulator. No `terraform init`: it fails offline for overridden
// providers, and dev_overrides need none.
package main

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/devcli"
	"github.com/dts-terraform/terraform-provider-dts/internal/emulator"
)

func main() {
	providerDir := flag.String("provider-dir", "bin", "folder holding the built terraform-provider-dts binary")
	example := flag.String("example", "examples/quickstart", "Terraform configuration to apply")
	timeScale := flag.Float64("time-scale", 0.002, "emulator time scale (0.002 runs a 100-second transition in 0.2 s)")
	region := flag.String("region", "ap-guangzhou", "region of the demo")
	keep := flag.Bool("keep", false, "keep the working folder instead of deleting it")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("demo: ")

	if err := run(*providerDir, *example, *timeScale, *region, *keep); err != nil {
		log.Fatal(err)
	}
}

func run(providerDir, example string, timeScale float64, region string, keep bool) error {
	providerDir, err := devcli.ProviderDir(providerDir)
	if err != nil {
		return err
	}

	url, stopEmulator, err := startEmulator(timeScale)
	if err != nil {
		return err
	}
	defer stopEmulator()

	work, err := os.MkdirTemp("", "dts-demo-")
	if err != nil {
		return err
	}
	if keep {
		log.Printf("working folder: %s", work)
	} else {
		defer os.RemoveAll(work)
	}
	if err := copyDir(example, filepath.Join(work, "config")); err != nil {
		return fmt.Errorf("copying %s: %w", example, err)
	}
	cli, err := devcli.WriteConfig(work, providerDir)
	if err != nil {
		return err
	}
	env := append(append(os.Environ(), cli...),
		"TENCENTCLOUD_DTS_ENDPOINT="+url,
		"TENCENTCLOUD_REGION="+region,
		"TENCENTCLOUD_SECRET_ID="+emulator.DefaultSecretID,
		"TENCENTCLOUD_SECRET_KEY="+emulator.DefaultSecretKey,
		// The quickstart's write-only password; it reaches the emulator and never the state.
		"TF_VAR_source_password=demo-only-password",
		"TF_VAR_target_password=demo-only-target-password",
		"TF_VAR_consumer_password=demo-consumer",
	)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	tf := func(args ...string) error {
		log.Printf("terraform %s", args[0])
		cmd := exec.CommandContext(ctx, "terraform", args...)
		cmd.Dir = filepath.Join(work, "config")
		cmd.Env = env
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		return cmd.Run()
	}

	start := time.Now()
	if err := tf("apply", "-auto-approve", "-input=false"); err != nil {
		_ = tf("destroy", "-auto-approve", "-input=false")
		return fmt.Errorf("terraform apply: %w", err)
	}
	applied := time.Since(start)
	if err := tf("output"); err != nil {
		return fmt.Errorf("terraform output: %w", err)
	}
	start = time.Now()
	if err := tf("destroy", "-auto-approve", "-input=false"); err != nil {
		return fmt.Errorf("terraform destroy: %w", err)
	}
	log.Printf("apply took %s, destroy took %s", applied.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	return nil
}

// startEmulator serves an in-memory realtime emulator on a free loopback
// port; stop shuts it down.
func startEmulator(timeScale float64) (url string, stop func(), err error) {
	emu, err := emulator.New(emulator.Options{Mode: emulator.ModeRealtime, TimeScale: timeScale})
	if err != nil {
		return "", nil, fmt.Errorf("starting the emulator: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := emulator.NewHTTPServer(emu)
	go func() { _ = srv.Serve(ln) }()
	url = "http://" + ln.Addr().String()
	log.Printf("DTS emulator listening on %s (time scale %g)", url, emu.TimeScale())
	return url, func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		log.Print("emulator stopped")
	}, nil
}

func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			if d.Name() == ".terraform" {
				return filepath.SkipDir
			}
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}
