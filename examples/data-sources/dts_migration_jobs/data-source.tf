# Every running or ready-to-complete MySQL migration job tagged team=payments.
data "dts_migration_jobs" "payments" {
  status            = ["running", "readyComplete"]
  src_database_type = ["mysql"]
  tag_filters = [{
    tag_key   = "team"
    tag_value = ["payments"]
  }]
}

output "payment_migrations" {
  value = { for j in data.dts_migration_jobs.payments.jobs : j.job_id => j.status }
}
