# A cutover gated by a consistency check.
#
# Apply 1 migrates the orders database and, once the migration is in its
# incremental phase (readyComplete: the full load is done and changes keep
# flowing), compares source and target. With fail_on_difference the apply
# fails if any table differs (the diagnostic lists the tables and the number
# of differing rows) or if nothing could be compared; the check is then
# tainted, and the next apply runs a fresh one.
#
# Apply 2, once apply 1 succeeded: change the migration's state to
# "completed". DTS stops the incremental sync and the job ends in success; the
# check is kept as it is. If apply 1 failed, do not cut over: `terraform plan`
# would show the check's replacement — fix the data and apply again first.

terraform {
  required_version = ">= 1.11"
  required_providers {
    dts = {
      source = "dts-terraform/dts"
    }
  }
}

provider "dts" {}

variable "source_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "target_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "dts_migration_job" "orders" {
  name           = "orders-to-cloud"
  instance_class = "medium"
  state          = "running" # apply 2: "completed"

  src_info = {
    region        = "ap-guangzhou"
    access_type   = "extranet"
    database_type = "mysql"
    node_type     = "simple"
    info = [{
      host                = "orders-db.example.com"
      port                = 3306
      user                = "dts_migrator"
      password_wo         = var.source_password
      password_wo_version = 1
    }]
  }

  dst_info = {
    region        = "ap-guangzhou"
    access_type   = "cdb"
    database_type = "mysql"
    node_type     = "simple"
    info = [{
      instance_id         = "cdb-my0001"
      user                = "root"
      password_wo         = var.target_password
      password_wo_version = 1
    }]
  }

  migrate_option = {
    database_table = {
      object_mode = "partial"
      databases   = [{ db_name = "orders", db_mode = "all" }]
    }
  }
}

# The gate: compares everything the job migrates (object_mode "sameAsMigrate",
# the default). Created once the job reaches readyComplete; to check again
# later, run `terraform apply -replace=dts_compare_task.gate`.
resource "dts_compare_task" "gate" {
  job_id             = dts_migration_job.orders.id
  name               = "orders-cutover-gate"
  fail_on_difference = true

  timeouts = {
    create = "12h" # the full load and the comparison
  }
}

output "gate" {
  value = {
    compare_task_id = dts_compare_task.gate.compare_task_id
    conclusion      = dts_compare_task.gate.conclusion
    tables_compared = dts_compare_task.gate.checked_tables
  }
}
