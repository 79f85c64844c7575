package compare

// resourceDescription is the dts_compare_task resource page. It documents
// the decisions taken where the API definition is silent.
const resourceDescription = "A data consistency check (compare task) of a DTS migration job or sync job: the gate before a " +
	"cutover. One resource serves both API families — `*Compare*` for migration jobs (`dts-…`), `*SyncCompare*` for sync jobs " +
	"(`sync-…`) — chosen by the prefix of `job_id`, so the configuration is the same for either.\n\n" +
	"**Create** waits until the job is in its incremental phase — a migration job in `readyComplete`, a sync job `Running` with " +
	"its initial load done (its current step is the last, the endless incremental one) — and allows a compare task (`createCmpTask` " +
	"among its allowed actions): a comparison during the full load reports differences that are not real. A job that does not get " +
	"there on its own fails the apply at once, saying why: one not started or paused (start or resume it); one that ended — a " +
	"migration completed, stopped or failed, a sync job stopped, failed or released: DTS takes no compare task once a job ended, " +
	"and a migration without incremental sync (`migrate_type` `full` or `structure`) has no incremental phase, so it cannot be " +
	"gated this way; a sync job that says why it refuses a builtin check (`CauseOfCompareDisable`, e.g. a DML filter), with DTS's " +
	"reason; and a job in its incremental phase that takes no check of any type (no `createCmpTask`, e.g. a sync job to Kafka), " +
	"with DTS's reason where it gives one. The rules between the options and the job's link (advanced " +
	"objects and `advanceObject` on mongodb links only, `structureCheck` on postgresql links only, no `independent` check on mongodb " +
	"and Redis-family links) are checked at plan time when the job exists already (the plan reads it, only when one of these " +
	"options is set) — so a replacement that would fail never deletes the task that passed — and again once the job is read in " +
	"Create, before anything is created (a job created in the same apply is checked then only). Then `Create…CompareTask`, " +
	"the task's ID in the state at once, `Start…Compare`, and — with `wait_for_completion` (the default) — a wait until the task " +
	"ends. The result lands in `status`, `conclusion` and the table and row counts (from the report's abstract).\n\n" +
	"`Create…CompareTask` has no idempotency token. When its reply is lost, the task is looked up among the job's tasks before " +
	"anything else, by this rule: a task still `created`, named as the request named it (a task created without `name` is named after " +
	"its own ID), created no earlier than 5 minutes before the call (DTS refuses a request signed more than 5 minutes off its clock, " +
	"so the clocks agree that far), and not among the tasks that matched already before the call, which the provider lists first " +
	"(such as a task of the same name whose start failed, which a `create_before_destroy` replacement keeps until the new one " +
	"exists). One match is the task, with a warning; several are an error that lists them (two creations of the same name on the " +
	"same job at the same moment cannot be told apart: give tasks distinct names); none means the task was not created, and the " +
	"apply fails with the original error.\n\n" +
	"**The gate.** With `fail_on_difference = true` the apply fails when the conclusion is `different` — the diagnostic lists the " +
	"differing tables with their row counts — or `skipAll` (nothing was compared; it lists the skipped tables and why). A task that " +
	"ends `failed` (or is stopped outside Terraform) always fails the apply. Unlike a job's, every failure of a compare task's create is " +
	"an error, also after the start: a gate must never pass on a comparison that did not end. The state records what the task got to, " +
	"and Terraform taints it, so the next apply deletes it (stopping it first if it still runs, e.g. after a timeout) and runs a fresh " +
	"comparison. `fail_on_difference` needs `wait_for_completion` (a plan-time error otherwise). A conclusion `same` that skipped " +
	"tables (e.g. without a primary key) passes, with a warning that lists them: they were not compared.\n\n" +
	"**Update.** `name` changes in place (`Modify…CompareTaskName`). The definition does not say in which statuses DTS renames a " +
	"task: the provider renames in any status but `stopping`, which it waits out first (a task being stopped ends `canceled` within " +
	"seconds). `wait_for_completion`, `fail_on_difference` and `timeouts` change in place and apply to the next comparison: changing " +
	"them never forces a new task and never judges the finished one again — turning `fail_on_difference` on, or " +
	"`wait_for_completion` on while the comparison still runs, warns so in the plan. DTS changes a task's objects and options only before it " +
	"starts (`Modify…CompareTask`, at `created`), which a task of this resource has always left: any other change (`job_id`, " +
	"`region`, `object_mode`, `objects`, `options`) is a new comparison, a replacement whose reason the plan shows in a warning. " +
	"An empty string and an unset value are the same (the provider never sends `\"\"`): `filter_condition = \"\"` is kept as " +
	"configured, and changing it to unset is no new comparison.\n\n" +
	"**Running a check again.** A finished task does not run again. To compare on demand, replace it: " +
	"`terraform apply -replace=dts_compare_task.gate`, or tie it to a value you change with `replace_triggered_by`:\n\n" +
	"```terraform\nresource \"terraform_data\" \"recheck\" {\n  input = \"2026-03-01\" # change it to compare again\n}\n\n" +
	"resource \"dts_compare_task\" \"gate\" {\n  job_id             = dts_migration_job.orders.id\n  fail_on_difference = true\n\n" +
	"  lifecycle {\n    replace_triggered_by = [terraform_data.recheck]\n  }\n}\n```\n\n" +
	"**Delete** stops a task that runs (`readyRun`, `running`: `Stop…Compare`, then a wait through `stopping` to `canceled`), waits " +
	"out a stop under way, and deletes the task (`Delete…CompareTask`). DTS deletes only a task that ended (`success`, `failed`, " +
	"`canceled`): a task still `created` — its start failed or was interrupted — is started and stopped at once, which ends it " +
	"`canceled`, and then deleted; this is the only way DTS offers to remove it. A task or job that is already gone counts as " +
	"deleted, so destroying a job and its task in one apply works (the task goes first), and a refresh removes a task whose job was " +
	"deleted outside Terraform.\n\n" +
	"## Statuses\n\n" +
	"| `status` | meaning | the provider |\n|---|---|---|\n" +
	"| `created` | created, not started | starts it; on delete, starts and stops it |\n" +
	"| `readyRun` | starting | waits; on delete, stops it |\n" +
	"| `running` | checks, then one step per table | waits; on delete, stops it |\n" +
	"| `success` | compared: `conclusion` is `same`, `different` or `skipAll` | applies the gate |\n" +
	"| `stopping` | being stopped | waits it out |\n" +
	"| `failed` | the comparison failed (`message` says why) | fails the apply |\n" +
	"| `canceled` | stopped | fails a create that waits; deletes it |\n\n" +
	"## Objects\n\n" +
	"`object_mode = \"sameAsMigrate\"` (the default) compares the job's objects as they are when the task is created, and `objects` " +
	"then shows them. `object_mode = \"custom\"` compares `objects`, which must be a subset of the job's. Note that the two " +
	"`object_mode`s differ: the resource's chooses between the job's objects and your own (`sameAsMigrate`, `custom`), " +
	"`objects.object_mode` between the whole instance and a list of databases (`all`, `partial`). Columns (`column_mode`, " +
	"`columns`) are selected in checks of sync jobs only; DTS does not compare views. Unset modes and options show DTS's defaults " +
	"(`table_mode` and `column_mode` `all`, `view_mode` `none`; `method` `dataCheck`, `sample_rate` 100, `thread_count` 1, " +
	"`type` `builtin`).\n\n" +
	"Every API call for the task goes to `region`, the job's region (the provider's by default; `\"\"` is refused at plan time).\n\n" +
	"## What an import reads\n\n" +
	"DTS reports a task's objects (for `sameAsMigrate`, the job's objects as they were at its creation) but not its `object_mode`. " +
	"An import therefore reads `object_mode = \"custom\"` with the objects DTS reports — the configuration that compares " +
	"exactly what the task compared, which `terraform plan -generate-config-out` writes and which plans without a change. DTS " +
	"also answers zero values for what a task was created without, so an import cannot tell `sample_rate = 0` or " +
	"`re_check_time = 0` from unset: it reads them unset (null). Until the first update after an import, the plan adopts, " +
	"in place and without a call to DTS, what the import could not read: `object_mode = \"sameAsMigrate\"` (or unset) for " +
	"the reported objects, and a zero (`0`, `\"\"`, `[]`) where the import read null. Any other difference is a new comparison. " +
	"`wait_for_completion` and `fail_on_difference` read back as their defaults."
