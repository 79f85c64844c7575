data "dts_sync_job" "orders" {
  job_id = "sync-1a2b3c4d"
}

output "orders_sync_progress" {
  value = {
    status          = data.dts_sync_job.orders.status
    lag_seconds     = data.dts_sync_job.orders.detail.seconds_behind_master
    steps           = [for s in data.dts_sync_job.orders.detail.step_infos : "${s.step_name}: ${s.status}"]
    error           = data.dts_sync_job.orders.detail.err_info
    allowed_actions = data.dts_sync_job.orders.actions
    compare_blocked = data.dts_sync_job.orders.detail.cause_of_compare_disable
  }
}
