data "dts_migration_job" "orders" {
  job_id = "dts-1a2b3c4d"
}

output "orders_progress" {
  value = {
    status          = data.dts_migration_job.orders.status
    lag_seconds     = data.dts_migration_job.orders.step_info.seconds_behind_master
    steps           = [for s in data.dts_migration_job.orders.steps : "${s.step_name}: ${s.status} (${s.percent}%)"]
    errors          = [for e in data.dts_migration_job.orders.error_info : "${e.error_log} — ${e.solution}"]
    allowed_actions = data.dts_migration_job.orders.action.allowed_action
  }
}
