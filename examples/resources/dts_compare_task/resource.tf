terraform {
  required_version = ">= 1.11"
  required_providers {
    dts = {
      source = "dts-terraform/dts"
    }
  }
}

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

# Compares two tables of the migration once it is in its incremental phase
# (readyComplete), and fails the apply if they differ: the task is then
# tainted, and the next apply compares again.
resource "dts_compare_task" "orders" {
  job_id = dts_migration_job.orders.id
  name   = "orders-before-cutover"

  object_mode = "custom" # the job's own objects: "sameAsMigrate" (the default)
  objects = {
    object_mode = "partial" # not the same values as the object_mode above
    object_items = [{
      db_name    = "orders"
      db_mode    = "partial"
      table_mode = "partial"
      tables = [
        { table_name = "orders" },
        { table_name = "order_items", filter_condition = "created_at >= '2026-01-01'", filter_time_zone = "+08:00" },
      ]
    }]
  }

  options = {
    method       = "dataCheck"
    thread_count = 4
  }

  fail_on_difference = true

  timeouts = {
    create = "12h" # the full load and the comparison
  }
}

output "orders_check" {
  value = {
    conclusion       = dts_compare_task.orders.conclusion
    different_tables = dts_compare_task.orders.different_tables
    different_rows   = dts_compare_task.orders.different_rows
  }
}
