# Every running MySQL subscription of the team.
data "dts_subscriptions" "team" {
  product     = "mysql"
  subs_status = ["running"]
  tag_filters = [{
    tag_key   = "team"
    tag_value = ["payments"]
  }]
}

output "team_subscriptions" {
  value = { for s in data.dts_subscriptions.team.subscriptions : s.subscribe_id => "${s.name}: ${s.topic}" }
}
