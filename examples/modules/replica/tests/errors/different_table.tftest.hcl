# The check: a table that differs between source and replica fails the
# apply, listing the table and the rows (the emulator's comparison finds 3
# rows different in a database named diff_3_…).
#
# Terraform 1.11's expect_failures only expects custom conditions, not an
# error a provider reports, so this run fails on purpose: `make module-test`
# runs this folder apart (terraform test -test-directory=tests/errors) and
# requires it to fail with every message below.
#
# expect_error: run "differing_table_fails_the_check"... fail
# expect_error: Error creating compare task: the data differ
# expect_error: diff_3_orders.sbtest1: 3 rows
# expect_error: fail_on_difference is true, so the apply fails

provider "dts" {
  region = "ap-guangzhou"
  emulator = {
    state_file = "tests/emulator.json"
    time_scale = 0.001
    seed       = 1
  }
}

run "differing_table_fails_the_check" {
  variables {
    name                = "drifted"
    source_instance_id  = "cdb-my0001"
    replica_instance_id = "cdb-my0002"
    password            = "sync-secret"
    databases           = ["diff_3_orders"]
    consumer_group      = "billing"
    consumer_password   = "consumer-secret"
  }
}
