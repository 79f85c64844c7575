package bench_test

import (
	"encoding/json"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/jobkit"
	"github.com/dts-terraform/terraform-provider-dts/internal/service/migration"
	"github.com/dts-terraform/terraform-provider-dts/internal/service/sync"
)

// The lifecycles the benchmark replays. Each wait is the one the provider
// makes at that point (see the kinds' lifecycle.go and jobkit's drive):
// after an operation the drive waits with WaitSettled until the job leaves
// its transitional statuses or reaches one that satisfies the desired
// state.

// timeout bounds every wait; none comes near it.
const timeout = time.Hour

// Migration: buy, configure, check, start (state running), wait for the
// full load (state completed waits until the job is ready to complete),
// stop.
func migrationLifecycle(l *lab) {
	const polled = "DescribeMigrationDetail"
	statuses := dtsapi.MustEnum("JobItem.Status").Values
	var job *jobkit.Job[dtsapi.DescribeMigrationDetailResponse]
	l.measure("migration purchase", false, polled, func() (string, error) {
		out, err := l.env.Client.CreateMigrationService(l.ctx, region, &dtsapi.CreateMigrationServiceRequest{
			SrcDatabaseType: ptr("mysql"), DstDatabaseType: ptr("mysql"), SrcRegion: ptr(region), DstRegion: ptr(region),
			InstanceClass: ptr("small"), Count: ptr(uint64(1)), JobName: ptr("polling")})
		if err != nil {
			return "", err
		}
		job = jobkit.NewJob(l.env, migration.Kind, region, *out.JobIds[0])
		_, err = job.Wait(l.ctx, jobkit.Wait{Operation: "to be created", Pending: []string{dtsapi.MigrationStatusCreating},
			Target: jobkit.Except(statuses, dtsapi.MigrationStatusCreating), NotFoundTolerance: 10, Fresh: true}, timeout)
		return job.ID, err
	})
	id := &job.ID
	_, err := l.env.Client.ModifyMigrationJob(l.ctx, region, decode[dtsapi.ModifyMigrationJobRequest](l, migrationConfig(job.ID)))
	l.call(err)
	l.measure("migration check", true, polled, func() (string, error) {
		if _, err := l.env.Client.CreateMigrateCheckJob(l.ctx, region, &dtsapi.CreateMigrateCheckJobRequest{JobId: id}); err != nil {
			return "", err
		}
		_, err := job.Wait(l.ctx, jobkit.Wait{Operation: "the check", Pending: []string{dtsapi.MigrationStatusChecking,
			dtsapi.MigrationStatusCreated}, Target: []string{dtsapi.MigrationStatusCheckPass, dtsapi.MigrationStatusCheckNotPass},
			Fresh: true}, timeout)
		return job.ID, err
	})
	running := []string{dtsapi.MigrationStatusRunning, dtsapi.MigrationStatusReadyComplete, dtsapi.MigrationStatusSuccess}
	l.measure("migration start", false, polled, func() (string, error) {
		if _, err := l.env.Client.StartMigrateJob(l.ctx, region, &dtsapi.StartMigrateJobRequest{JobId: id}); err != nil {
			return "", err
		}
		_, err := job.WaitSettled(l.ctx, "to start", timeout, running, dtsapi.MigrationStatusCheckPass)
		return job.ID, err
	})
	l.measure("migration full load", true, polled, func() (string, error) {
		_, err := job.Wait(l.ctx, jobkit.Wait{Operation: "to be ready to complete", Pending: []string{dtsapi.MigrationStatusRunning},
			Target: jobkit.Except(statuses, dtsapi.MigrationStatusRunning), Fresh: true}, timeout)
		return job.ID, err
	})
	l.measure("migration stop", false, polled, func() (string, error) {
		if _, err := l.env.Client.StopMigrateJob(l.ctx, region, &dtsapi.StopMigrateJobRequest{JobId: id}); err != nil {
			return "", err
		}
		_, err := job.WaitSettled(l.ctx, "to stop", timeout, []string{dtsapi.MigrationStatusCanceled},
			dtsapi.MigrationStatusReadyComplete)
		return job.ID, err
	})
}

// Sync: buy and configure (the purchase is immediate), check, start with an
// initial load, pause and continue during it, stop.
func syncLifecycle(l *lab) {
	out, err := l.env.Client.CreateSyncJob(l.ctx, region, &dtsapi.CreateSyncJobRequest{PayMode: ptr("PostPay"),
		SrcDatabaseType: ptr("mysql"), DstDatabaseType: ptr("mysql"), SrcRegion: ptr(region), DstRegion: ptr(region),
		InstanceClass: ptr("small"), Count: ptr(uint64(1)), JobName: ptr("polling")})
	l.call(err)
	job := jobkit.NewJob(l.env, sync.Kind, region, *out.JobIds[0])
	check := jobkit.NewJob(l.env, sync.CheckKind, region, job.ID)
	id := &job.ID
	_, err = l.env.Client.ConfigureSyncJob(l.ctx, region, decode[dtsapi.ConfigureSyncJobRequest](l, syncConfig(job.ID)))
	l.call(err)
	l.measure("sync check", true, "DescribeCheckSyncJobResult", func() (string, error) {
		if _, err := l.env.Client.CreateCheckSyncJob(l.ctx, region, &dtsapi.CreateCheckSyncJobRequest{JobId: id}); err != nil {
			return "", err
		}
		_, err := check.Wait(l.ctx, jobkit.Wait{Operation: "the check", Pending: sync.CheckKind.Transitional,
			Target: []string{dtsapi.CheckStatusSuccess, dtsapi.CheckStatusFailed}, Fresh: true}, timeout)
		return job.ID, err
	})
	c := l.env.Client
	steps := []struct {
		kind, from, to string
		call           func() error
	}{
		{"sync start", dtsapi.SyncStatusCheckPass, dtsapi.SyncStatusRunning, func() error {
			_, err := c.StartSyncJob(l.ctx, region, &dtsapi.StartSyncJobRequest{JobId: id})
			return err
		}},
		{"sync pause", dtsapi.SyncStatusRunning, dtsapi.SyncStatusPaused, func() error {
			_, err := c.PauseSyncJob(l.ctx, region, &dtsapi.PauseSyncJobRequest{JobId: id})
			return err
		}},
		{"sync continue", dtsapi.SyncStatusPaused, dtsapi.SyncStatusRunning, func() error {
			_, err := c.ContinueSyncJob(l.ctx, region, &dtsapi.ContinueSyncJobRequest{JobId: id})
			return err
		}},
		{"sync stop", dtsapi.SyncStatusRunning, dtsapi.SyncStatusStopped, func() error {
			_, err := c.StopSyncJob(l.ctx, region, &dtsapi.StopSyncJobRequest{JobId: id})
			return err
		}},
	}
	for _, s := range steps {
		l.measure(s.kind, false, "DescribeSyncJobs", func() (string, error) {
			if err := s.call(); err != nil {
				return "", err
			}
			_, err := job.WaitSettled(l.ctx, "to "+s.kind, timeout, []string{s.to}, s.from)
			return job.ID, err
		})
	}
}

// decode builds a request from its JSON form.
func decode[T any](l *lab, m map[string]any) *T {
	l.tb.Helper()
	b, err := json.Marshal(m)
	l.call(err)
	out := new(T)
	l.call(json.Unmarshal(b, out))
	return out
}

// call fails the benchmark on an operation's error.
func (l *lab) call(err error) {
	l.tb.Helper()
	if err != nil {
		l.tb.Fatal(err)
	}
}

// migrationConfig is a minimal ModifyMigrationJob: a full and incremental
// migration between two catalog MySQL instances.
func migrationConfig(id string) map[string]any {
	endpoint := func(instance string) map[string]any {
		return map[string]any{"Region": region, "AccessType": "cdb", "DatabaseType": "mysql", "NodeType": "simple",
			"Info": []map[string]any{{"InstanceId": instance, "User": "dts_user", "Password": "Secret-Pa55"}}}
	}
	return map[string]any{"JobId": id, "RunMode": "immediate",
		"MigrateOption": map[string]any{"DatabaseTable": map[string]any{"ObjectMode": "all"}, "MigrateType": "fullAndIncrement"},
		"SrcInfo":       endpoint("cdb-my0001"), "DstInfo": endpoint("cdb-my0002")}
}

// syncConfig is a minimal ConfigureSyncJob between the same instances,
// with an initial load of the data (InitType Full, the default).
func syncConfig(id string) map[string]any {
	endpoint := func(instance string) map[string]any {
		return map[string]any{"Region": region, "InstanceId": instance, "User": "dts_user", "Password": "Secret-Pa55"}
	}
	return map[string]any{"JobId": id, "SrcAccessType": "cdb", "DstAccessType": "cdb",
		"SrcInfo": endpoint("cdb-my0001"), "DstInfo": endpoint("cdb-my0002"),
		"Objects": map[string]any{"Mode": "Partial", "Databases": []map[string]any{{"DbName": "orders", "DbMode": "All"}}}}
}
