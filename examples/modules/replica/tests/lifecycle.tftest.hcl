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
