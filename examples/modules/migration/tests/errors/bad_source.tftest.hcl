# A source the check cannot reach fails the apply with the step's message.
#
# Terraform 1.11's expect_failures only expects custom conditions (variable
# validations, pre- and postconditions, check blocks), not an error a provider
# reports, so this run fails on purpose: `make module-test` runs this folder
# apart (terraform test -test-directory=tests/errors) and requires it to fail
# with every message below.
#
# expect_error: run "unreachable_source_fails_the_check"... fail
# expect_error: the migration check failed
# expect_error: ConnectDBCheck failed
# expect_error: Cannot connect to orders-db.invalid:3306
# expect_error: This item cannot be skipped.

provider "dts" {
  region = "ap-guangzhou"
  emulator = {
    state_file = "tests/emulator.json"
    time_scale = 0.001
    seed       = 1
  }
}

run "unreachable_source_fails_the_check" {
  variables {
    name               = "broken"
    source_db          = { host = "orders-db.invalid", user = "dts_migrator" } # .invalid never resolves
    source_password    = "source-secret"
    target_instance_id = "cdb-my0001"
    target_password    = "target-secret"
    databases          = ["orders"]
  }
}
