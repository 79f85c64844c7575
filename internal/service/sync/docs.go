package sync

// resourceDescription is the dts_sync_job resource page.
const resourceDescription = "A DTS data sync job, its whole lifecycle in one resource: one apply per intent.\n\n" +
	"**Create** buys the job (`CreateSyncJob`, one job, tagged with a hidden `terraform-dts-token`), writes its ID to the state at " +
	"once, waits until it is `UnInitialized`, configures it (`ConfigureSyncJob`), runs the check (`CreateCheckSyncJob`), skips the " +
	"failed steps listed in `skip_check_steps` (`SkipSyncCheckItem`) and, unless `state = \"checked\"`, starts it (`StartSyncJob`) " +
	"and waits until the desired `state` holds. A failed check fails the apply with every failed or warning step (message, " +
	"solution, help); the job is then tainted and the next apply replaces it. If the purchase reply is lost, the job is found again by " +
	"its token tag: a purchase is never repeated. Once the start is accepted, no failure taints the job: a timeout, an interrupt or a " +
	"failed operation is a warning, the job is kept, and the next plan shows what is left to do.\n\n" +
	"**Update** changes in place what DTS can change:\n\n" +
	"| change | before the start | after the start |\n|---|---|---|\n" +
	"| `objects`, `options.op_types`, `ddl_options`, `conflict_handle_*`, `kafka_option`, `filter_*`, `deal_of_exist_same_table`, `start_position` | `ConfigureSyncJob` and a new check | `ModifySyncJobConfig` → `CreateModifyCheckSyncJob` → `DescribeModifyCheckSyncJobResult` → `StartModifySyncJob`, waiting until `opt_obj_status` is `Normal` again — the job is never stopped; a failed modify-check fails the apply with its steps and leaves the job running with its old objects |\n" +
	"| `instance_class` | `ResizeSyncJob` (PostPay only; PrePay is a plan-time error) | the same |\n" +
	"| `rate_limit` | applied once the job runs | `ModifySyncRateLimit` while `Running`; recorded with a warning while paused |\n" +
	"| `name`, `run_mode`, `expect_run_time`, `auto_retry_time_range_minutes`, `job_mode` | `ConfigureSyncJob` and a new check | plan-time error (`job_mode`: replacement) |\n" +
	"| a secret (`*_wo_version`) | `ConfigureSyncJob` and a new check | recorded with a warning (DTS cannot take it) |\n" +
	"| other endpoint attributes, `options.init_type`, `add_additional_column` | `ConfigureSyncJob` and a new check | replacement, with the plan saying why |\n" +
	"| purchase parameters (`pay_mode`, `time_span`, `auto_renew`, `specification`, regions, database types) | replacement | replacement |\n" +
	"| `tags` | plan-time error (no sync action changes tags) | the same |\n\n" +
	"A plan that changes nothing DTS would move keeps `status`, `trade_status`, `opt_obj_status` and `message` as the last refresh saw " +
	"them.\n\n" +
	"**Delete** waits out transitional statuses, stops a started job (`StopSyncJob`, wait `Stopped`), isolates it (`IsolateSyncJob`; a " +
	"job DTS does not bill is deleted here) and destroys it (`DestroySyncJob`, wait until gone). A job that is already gone at any step " +
	"counts as deleted. With `deletion_policy = \"abandon\"` a started job is left running instead.\n\n" +
	"## `state` and the job's status\n\n" +
	"| `state` | satisfied by `status` |\n|---|---|\n" +
	"| `checked` | `CheckPass` |\n" +
	"| `running` (default) | `Running` (and `ReadyRunning` for a `Timed` job waiting for its start time) |\n" +
	"| `paused` | `Paused` |\n" +
	"| `stopped` | `Stopped` (not on create) |\n\n" +
	"While the job is in a transitional status (`Checking`, `ReadyRunning`, `Pausing`, `Stopping`, `Resuming`, `Resetting`, briefly " +
	"`Unknown`) a refresh keeps the desired value. Otherwise it writes the observed stage — `checked`, `running`, `paused`, `stopped`, " +
	"or the raw status (`ResumableErr`, `Failed`, `CheckNotPass`, `UnInitialized`, `Initialized`, `Released`, and `Isolated` when " +
	"billing isolated the job) — so the plan shows the way back, and apply takes it:\n\n" +
	"| from | to | apply calls |\n|---|---|---|\n" +
	"| `checked` | `running` / `paused` | `StartSyncJob`, then as below |\n" +
	"| `running` | `paused` | `PauseSyncJob` |\n" +
	"| `paused` | `running` | `ContinueSyncJob` |\n" +
	"| `ResumableErr` | `running` | `ResumeSyncJob` |\n" +
	"| `running` / `paused` / `ResumableErr` | `stopped` | `StopSyncJob` |\n" +
	"| `CheckNotPass` / `UnInitialized` / `Initialized` | any | `ConfigureSyncJob` and a new check |\n" +
	"| `Isolated`, a job that was not syncing | any | `RecoverSyncJob` (PostPay; a prepaid job must be renewed), then as above |\n" +
	"| `Isolated`, a job that was syncing (the isolation stopped it) | anything but `stopped` | replacement: recovering gives a stopped job back |\n" +
	"| `stopped` (a prepaid MySQL-family link) | `running` / `paused` / `checked` | `ResetSyncJob`, then configure, check and start again on the same ID |\n" +
	"| `stopped` (any other link), `Failed`, `Released` | anything else | replacement: the plan says why (DTS resets stopped jobs only, not failed ones) |\n\n" +
	"`name`, `run_mode`, `expect_run_time` and `auto_retry_time_range_minutes` are refused after the start rather than recorded: " +
	"DTS reports the values it runs with, so a recorded value would show as a change in every later plan.\n\n" +
	"## What the configuration owns\n\n" +
	"`src_info`, `dst_info`, `objects` and `options` belong to the configuration: a refresh updates only the values you set, and the " +
	"attributes DTS fills in (`supplier`, `engine_version`, `account_mode`, `encrypt_conn`, `specification`) are Optional and Computed. " +
	"Secrets are write-only (`password_wo`, `tmp_secret_key_wo`, `tmp_token_wo`): they reach DTS and never the state, the plan or the " +
	"logs; bump the matching `*_wo_version` to send a new value.\n\n" +
	"Every API call for the job goes to `dst_info.region`, which DTS requires to be the job's region."
