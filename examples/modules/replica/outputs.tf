output "sync_job_id" {
  description = "ID of the sync job."
  value       = dts_sync_job.this.id
}

output "sync_status" {
  description = "Status of the sync job after the last apply."
  value       = dts_sync_job.this.status
}

output "check" {
  description = "The consistency check: its status, conclusion and what it compared."
  value = {
    status           = dts_compare_task.check.status
    conclusion       = dts_compare_task.check.conclusion
    checked_tables   = dts_compare_task.check.checked_tables
    different_tables = dts_compare_task.check.different_tables
  }
}

output "kafka" {
  description = "Where the consumers read the changes: topic, broker and consumer group."
  value = {
    topic          = dts_subscription.changes.topic
    broker         = dts_subscription.changes.broker
    consumer_group = dts_consumer_group.consumer.consumer_group_name
  }
}
