# The gate: a table that differs between source and target fails the apply,
# listing the table and the rows (the emulator's comparison finds 7 rows
# different in a database named diff_7_…), and the cutover never comes.
#
# As in bad_source.tftest.hcl, the failure is a provider error, which
# expect_failures cannot expect in Terraform 1.11: `make module-test` runs
# this file apart and requires it to fail with every message below.
#
# expect_error: run "differing_table_closes_the_gate"... fail
# expect_error: Error creating compare task: the data differ
# expect_error: found 3 of 3 tables different, 21 rows in all
# expect_error: diff_7_orders.sbtest1: 7 rows
# expect_error: fail_on_difference is true, so the apply fails

provider "dts" {
  region = "ap-guangzhou"
  emulator = {
    state_file = "tests/emulator.json"
    time_scale = 0.001
    seed       = 1
  }
}

run "differing_table_closes_the_gate" {
  variables {
    name               = "drifted"
    source_db          = { host = "orders-db.example.com", user = "dts_migrator" }
    source_password    = "source-secret"
    target_instance_id = "cdb-my0001"
    target_password    = "target-secret"
    databases          = ["diff_7_orders"]
  }
}
