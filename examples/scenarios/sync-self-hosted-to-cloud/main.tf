# A self-hosted MySQL, reached over the internet, kept in sync with a cloud
# MySQL instance: full load, then continuous sync of every change.

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

resource "dts_sync_job" "to_cloud" {
  name           = "shop-to-cloud"
  instance_class = "small"

  src_info = {
    region        = "ap-guangzhou"
    access_type   = "extranet"
    database_type = "mysql"
    node_type     = "single"
    info = [{
      ip                  = "203.0.113.10"
      port                = 3306
      user                = "dts_sync"
      password_wo         = var.source_password
      password_wo_version = 1
      supplier            = "others"
    }]
  }

  dst_info = {
    region        = "ap-guangzhou"
    access_type   = "cdb"
    database_type = "mysql"
    node_type     = "single"
    info = [{
      instance_id         = "cdb-my0002"
      user                = "root"
      password_wo         = var.target_password
      password_wo_version = 1
    }]
  }

  objects = {
    mode = "Partial"
    databases = [{
      db_name    = "shop"
      db_mode    = "Partial"
      table_mode = "Partial"
      tables = [
        { table_name = "orders" },
        { table_name = "customers", filter_condition = "region = 'south'" },
      ]
    }]
  }

  # Skip nothing, retry for 30 minutes after a network blip.
  auto_retry_time_range_minutes = 30
}
