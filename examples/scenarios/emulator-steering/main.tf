# Trying a configuration offline: the provider pointed at the DTS emulator
# (`make emulator`, listening on 127.0.0.1:8900 with its default key pair),
# and names that steer what the emulator finds:
#
# * the source user "root" makes the migration check warn (SrcPrivilegeCheck)
#   and pass;
# * a compared table named diff_<n>_… differs in n rows, one named skip_… is
#   skipped (no primary key), any other is the same.
#
# So this apply migrates, then compares three tables and reports a
# difference of 7 rows in diff_7_order_items, without failing the apply
# (fail_on_difference is false).

terraform {
  required_version = ">= 1.11"
  required_providers {
    dts = {
      source = "dts-terraform/dts"
    }
  }
}

# The emulator's endpoint and default credentials; plain http is accepted for
# loopback addresses only. Real Tencent Cloud keys are never needed here.
provider "dts" {
  endpoint   = "http://127.0.0.1:8900"
  region     = "ap-guangzhou"
  secret_id  = "AKIDEMULATOR0000000000000000000000000"
  secret_key = "EmulatorSecretKey0000000000000000"
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

# The instance catalogue: cdb-my0001 … cdb-my0005 are the emulator's MySQL
# instances (…0004 is read-only, …0005 isolated).
data "dts_migrate_db_instances" "targets" {
  database_type = "mysql"
  migrate_role  = "dst"
}

resource "dts_migration_job" "shop" {
  name           = "shop-to-cloud"
  instance_class = "small"

  src_info = {
    region        = "ap-guangzhou"
    access_type   = "extranet"
    database_type = "mysql"
    node_type     = "simple"
    info = [{
      host                = "shop-db.example.com" # a host in .invalid would fail ConnectDBCheck
      port                = 3306
      user                = "root"
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
      instance_id         = [for i in data.dts_migrate_db_instances.targets.instances : i.instance_id if i.usable][0]
      user                = "root"
      password_wo         = var.target_password
      password_wo_version = 1
    }]
  }

  migrate_option = {
    database_table = {
      object_mode = "partial"
      databases   = [{ db_name = "shop", db_mode = "all" }]
    }
  }
}

resource "dts_compare_task" "shop" {
  job_id      = dts_migration_job.shop.id
  name        = "shop-steered"
  object_mode = "custom"
  objects = {
    object_mode = "partial"
    object_items = [{
      db_name    = "shop"
      db_mode    = "partial"
      table_mode = "partial"
      tables = [
        { table_name = "orders" },
        { table_name = "diff_7_order_items" },
        { table_name = "skip_audit_log" },
      ]
    }]
  }
  fail_on_difference = false
}

output "comparison" {
  value = {
    conclusion       = dts_compare_task.shop.conclusion
    different_tables = dts_compare_task.shop.different_tables
    different_rows   = dts_compare_task.shop.different_rows
    skipped_tables   = dts_compare_task.shop.skipped_tables
  }
}
