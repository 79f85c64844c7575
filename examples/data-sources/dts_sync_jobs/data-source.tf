# Every running MySQL-to-MySQL sync job of the team.
data "dts_sync_jobs" "team" {
  status   = ["Running"]
  job_type = "mysql2mysql"
  tag_filters = [{
    tag_key   = "team"
    tag_value = ["payments"]
  }]
}

output "team_sync_jobs" {
  value = { for j in data.dts_sync_jobs.team.jobs : j.job_id => "${j.name}: ${j.status}, ${j.detail.seconds_behind_master}s behind" }
}
