provider "dts" {
  region = "ap-guangzhou"
  emulator = {
    state_file = "tests/emulator.json"
    time_scale = 0.001
    seed       = 1
  }
}

variables {
  name                = "orders"
  source_instance_id  = "cdb-my0001"
  replica_instance_id = "cdb-my0002"
  password            = "sync-secret"
  databases           = ["orders"]
  consumer_group      = "billing"
  consumer_password   = "consumer-secret"
}

run "replicates" {
  assert {
    condition     = output.sync_status == "Running"
    error_message = "the sync job is ${output.sync_status}, not running"
  }
  assert {
    condition     = output.check.conclusion == "same"
    error_message = "the check concluded ${coalesce(output.check.conclusion, "nothing")}"
  }
  assert {
    condition     = output.kafka.topic != "" && output.kafka.consumer_group == "billing"
    error_message = "no topic or consumer group: ${jsonencode(output.kafka)}"
  }
}

# New passwords: recorded for the started sync job, the subscription is
# reset with them, and the consumer group takes its own (the apply fails if
# the reset dropped the group first).
run "rotates_the_passwords" {
  variables {
    password          = "sync-secret-2"
    consumer_password = "consumer-secret-2"
    password_version  = 2
  }
  assert {
    condition     = output.sync_status == "Running"
    error_message = "after new passwords the sync job is ${output.sync_status}"
  }
}
