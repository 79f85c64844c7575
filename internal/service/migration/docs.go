package migration

// resourceDescription is the dts_migration_job resource page.
const resourceDescription = "A DTS data migration job, its whole lifecycle in one resource: one apply per intent.\n\n" +
	"**Create** buys the job (`CreateMigrationService`, one job, tagged with a hidden `terraform-dts-token`), writes its ID to the state " +
	"at once, waits until it is `created`, configures it (`ModifyMigrationJob`), runs the check (`CreateMigrateCheckJob`), skips the " +
	"failed steps listed in `skip_check_steps` (`SkipCheckItem`) and, unless `state = \"checked\"`, starts it (`StartMigrateJob`) and " +
	"waits until the desired `state` holds; for `completed` it waits for `readyComplete`, calls `CompleteMigrateJob` and waits for " +
	"`success`. A failed check fails the apply with every failed or warning step (name, message, help); the job is then tainted and the " +
	"next apply replaces it. If the purchase reply is lost, the job is found again by its token tag: a purchase is never repeated. " +
	"Once the start is accepted, no failure taints the job: a timeout, an interrupt or a failed operation (a completion DTS " +
	"refuses, a failed retry) is a warning that says what did not happen, the job is kept, and the next plan shows what is " +
	"left to do.\n\n" +
	"**Update** changes in place what DTS can change: `name` (`ModifyMigrateName`), `instance_class` (`ModifyMigrateJobSpec`), " +
	"`rate_limit` (`ModifyMigrateRateLimit`, while `running` or `readyComplete`), `migrate_option.is_dst_read_only` and the Redis " +
	"`DstWriteMode` (`ModifyMigrateRuntimeAttribute`), and `state`. Before the start, every other change (configuration, tags, secrets) " +
	"is sent with `ModifyMigrationJob` and checked again; a failed re-check fails the apply without tainting the job. After the start, " +
	"a secret change (`*_wo_version`) is recorded with a warning (DTS cannot take it any more), a change of `run_mode`, " +
	"`expect_run_time`, `auto_retry_time_range_minutes` or `tags` is a plan-time error, and other configuration changes replace " +
	"the job, with the plan saying why. What the job's status already rules out — resizing a link DTS does not bill, pausing a " +
	"job at `readyComplete`, a rate limit for a job that no longer runs — is refused at plan time. A plan that changes nothing " +
	"DTS would move keeps `status`, `trade_status` and `brief_msg` as the last refresh saw them, so a rename's plan shows the " +
	"rename.\n\n" +
	"**Delete** waits out transitional statuses, stops the job when DTS allows it (`StopMigrateJob`, wait `canceled`), isolates it " +
	"(`IsolateMigrateJob`; a job DTS does not bill is deleted here) and destroys it (`DestroyMigrateJob`, wait until gone). A job that " +
	"is already gone at any step counts as deleted. With `deletion_policy = \"abandon\"` a started job is left running instead.\n\n" +
	"## `state` and the job's status\n\n" +
	"`state` is the stage you want. Each is satisfied by these DTS statuses:\n\n" +
	"| `state` | satisfied by `status` |\n|---|---|\n" +
	"| `checked` | `checkPass` |\n" +
	"| `running` (default) | `running`, `readyComplete`, `success` (and `readyRun` for a `timed` job waiting for its start time) |\n" +
	"| `paused` | `manualPaused` |\n" +
	"| `completed` | `success` |\n" +
	"| `stopped` | `canceled` (not on create) |\n\n" +
	"While the job is in a transitional status (`creating`, `checking`, `readyRun`, `pausing`, `resuming`, `completing`, `stopping`, " +
	"briefly `unknown`) a refresh keeps the desired value. Otherwise it writes the observed stage — `paused`, `stopped`, `completed`, " +
	"`checked`, or the raw status (`error`, `resumableErr`, `failed`, `checkNotPass`, `created`, and `isolated` when billing isolated the " +
	"job) — so the plan shows the way back, and apply takes it:\n\n" +
	"| from | to | apply calls |\n|---|---|---|\n" +
	"| `checked` | `running` / `paused` / `completed` | `StartMigrateJob`, then as below |\n" +
	"| `running` | `paused` | `PauseMigrateJob` (DTS pauses only `running`: a job at `readyComplete` cannot be paused, a plan-time error) |\n" +
	"| `paused` | `running` | `ContinueMigrateJob` |\n" +
	"| `running` | `completed` | waits for `readyComplete`, `CompleteMigrateJob` (with `complete_mode` if set) |\n" +
	"| `running` / `paused` / `error` | `stopped` | `StopMigrateJob` |\n" +
	"| `error` / `resumableErr` | `running` | `ResumeMigrateJob` with `resume_option`, when DTS allows `resume` |\n" +
	"| `checkNotPass` / `created` | any | `ModifyMigrationJob` and a new check |\n" +
	"| `isolated` | any | `RecoverMigrateJob`, then as above |\n" +
	"| `stopped`, or a final `failed` | anything else | replacement: the plan says why |\n\n" +
	"`success` never forces a replacement: a completed job satisfies `running`. After an apply, `state` equals the planned value.\n\n" +
	"## What the configuration owns\n\n" +
	"`src_info`, `dst_info` and `migrate_option` belong to the configuration: DTS echoes them back with zero values for unset fields " +
	"and defaults for some, so a refresh updates only the values you set, and the attributes DTS fills in (`supplier`, " +
	"`engine_version`, `account_mode`, `encrypt_conn`, `migrate_type`, `consistency.mode`) are Optional and Computed. Secrets are " +
	"write-only (`password_wo`, `tmp_secret_key_wo`, `tmp_token_wo`): they reach DTS and never the state, the plan or the logs; bump the " +
	"matching `*_wo_version` to send a new value.\n\n" +
	"Every API call for the job goes to `dst_info.region`, which DTS requires to be the job's region."
