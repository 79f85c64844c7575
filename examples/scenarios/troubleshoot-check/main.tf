# A migration whose check fails a step that may be skipped, and how to go on.
#
# The orders database has foreign keys to tables outside the selection, so the
# check's ConstraintCheck step fails. The first apply without skip_check_steps
# fails with every failed or warning step (name, message, solution, help
# link), and the job, which never started, is tainted. With the step listed in
# skip_check_steps (and foreign_key_flag saying what to do with the foreign
# keys) the next apply replaces it by a job whose check skips the step when it
# fails (SkipCheckItem) and checks again. ConnectDBCheck can never be skipped.
#
# On the emulator a database whose name starts with "fk_" fails
# ConstraintCheck, and a source user "root" makes SrcPrivilegeCheck warn.

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
  name           = "fk-orders-to-cloud"
  instance_class = "medium"

  src_info = {
    region        = "ap-guangzhou"
    access_type   = "extranet"
    database_type = "mysql"
    node_type     = "simple"
    info = [{
      host                = "orders-db.example.com"
      port                = 3306
      user                = "root" # more privileges than DTS needs: a warning
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
      databases   = [{ db_name = "fk_orders", db_mode = "all" }]
    }
  }

  skip_check_steps = ["ConstraintCheck"]
  foreign_key_flag = "shield" # do not migrate the foreign keys

  # Configure and check only: nothing is migrated until state is "running".
  state = "checked"
}

# What the last check said, step by step: every step that did not simply pass.
data "dts_migration_job" "orders" {
  job_id = dts_migration_job.orders.id
}

output "check" {
  value = {
    status = data.dts_migration_job.orders.check_step_info.status
    steps = [
      for s in data.dts_migration_job.orders.check_step_info.steps :
      "${s.step_id}: ${s.status} ${s.step_message}" if !contains(["success", "finished", "pass"], s.status) || length(s.warnings) > 0
    ]
  }
}
