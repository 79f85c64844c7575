# Many-to-one: the shards of a sharded MySQL, each a cloud instance, synced
# into one analytics instance. Tables that exist already in the target are
# kept and written into.

terraform {
  required_version = ">= 1.11"
  required_providers {
    dts = {
      source = "dts-terraform/dts"
    }
  }
}

provider "dts" {}

variable "db_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

locals {
  shards = ["cdb-my0001", "cdb-my0003", "cdb-my0004"]
}

resource "dts_sync_job" "shard" {
  count          = length(local.shards)
  name           = "orders-shard${count.index + 1}-to-analytics"
  instance_class = "small"

  src_info = {
    region        = "ap-guangzhou"
    access_type   = "cdb"
    database_type = "mysql"
    node_type     = "single"
    info = [{
      instance_id         = local.shards[count.index]
      user                = "dts_sync"
      password_wo         = var.db_password
      password_wo_version = 1
    }]
  }

  dst_info = {
    region        = "ap-guangzhou"
    access_type   = "cdb"
    database_type = "mysql"
    node_type     = "single"
    info = [{
      instance_id         = "cdb-my0002"
      user                = "dts_sync"
      password_wo         = var.db_password
      password_wo_version = 1
    }]
  }

  objects = {
    mode      = "Partial"
    databases = [{ db_name = "orders", db_mode = "All" }]
  }

  options = {
    deal_of_exist_same_table = "ExecuteAfterIgnore" # every shard writes into the same tables
    conflict_handle_type     = "ReportError"
  }
}
