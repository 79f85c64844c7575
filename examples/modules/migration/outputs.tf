output "job_id" {
  description = "ID of the migration job."
  value       = dts_migration_job.this.id
}

output "status" {
  description = "Status of the migration job after the last apply."
  value       = dts_migration_job.this.status
}

output "gate" {
  description = "The consistency check: its status, conclusion and what it compared."
  value = {
    compare_task_id  = dts_compare_task.gate.compare_task_id
    status           = dts_compare_task.gate.status
    conclusion       = dts_compare_task.gate.conclusion
    checked_tables   = dts_compare_task.gate.checked_tables
    different_tables = dts_compare_task.gate.different_tables
  }
}
