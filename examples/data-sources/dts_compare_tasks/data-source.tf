data "dts_compare_tasks" "orders" {
  job_id = "dts-1a2b3c4d" # or a sync job, sync-…
  status = ["success", "failed"]
}

output "orders_checks" {
  value = [for t in data.dts_compare_tasks.orders.tasks : "${t.name} (${t.compare_task_id}): ${t.status} ${t.conclusion}"]
}
