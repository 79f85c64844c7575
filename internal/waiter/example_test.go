package waiter_test

import (
	"context"
	"fmt"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/clock"
	"github.com/dts-terraform/terraform-provider-dts/internal/waiter"
)

func ExampleWait() {
	clk := clock.NewFake(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC))
	began := clk.Now()
	statuses := []string{"CheckPass", "ReadyRunning", "ReadyRunning", "Running"}
	reads := 0

	res, err := waiter.Wait(context.Background(), waiter.Config{
		Operation: `sync job "sync-abc" to reach Running`,
		Pending:   []string{"CheckPass", "ReadyRunning"}, // CheckPass: the status before StartSyncJob
		Target:    []string{"Running"},
		Failure:   []string{"Failed", "Stopped"},
		Refresh: func(ctx context.Context) (*waiter.Result, error) {
			// A real Refresh calls DescribeSyncJobs and maps the job.
			s := statuses[reads]
			reads++
			return &waiter.Result{Status: s, Percent: -1}, nil
		},
		Timeout: 30 * time.Minute,
		// Production code leaves Schedule zero (DefaultSchedule) and Clock
		// nil (the real clock).
		Schedule: waiter.Schedule{Min: 2 * time.Second, Max: 10 * time.Second, Factor: 1.5},
		Clock:    clk,
		OnProgress: func(r waiter.Result) {
			fmt.Printf("%5s %s\n", clk.Now().Sub(began), r.Status)
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%5s done: %s after %d reads\n", clk.Now().Sub(began), res.Status, reads)
	// Output:
	//    0s CheckPass
	//    2s ReadyRunning
	//  9.5s Running
	//  9.5s done: Running after 4 reads
}
