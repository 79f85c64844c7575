provider "dts" {
  region = "ap-guangzhou"
  emulator = {
    state_file = "tests/emulator.json"
    time_scale = 0.001
    seed       = 1
  }
}

variables {
  name               = "orders"
  source_db          = { host = "orders-db.example.com", user = "dts_migrator" }
  source_password    = "source-secret"
  target_instance_id = "cdb-my0001"
  target_password    = "target-secret"
  databases          = ["orders"]
}

run "migrates" {
  assert {
    condition     = contains(["running", "readyComplete"], output.status)
    error_message = "the job is ${output.status}, not migrating"
  }
  assert {
    condition     = output.gate.conclusion == "same"
    error_message = "the gate concluded ${coalesce(output.gate.conclusion, "nothing")}"
  }
}

run "cuts_over" {
  variables {
    cutover = true
  }
  assert {
    condition     = output.status == "success"
    error_message = "after the cutover the job is ${output.status}"
  }
}
