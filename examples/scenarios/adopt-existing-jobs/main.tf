# Adopting jobs that tencentcloud_dts_* resources (or the console) created:
# import blocks bring the running jobs under this provider without recreating
# them. Remove the old resources from the old provider's state first (a
# `removed` block with `destroy = false`, or `terraform state rm`), then plan:
# the configuration below must describe the jobs as they run, and the plan
# shows only `+ password_wo_version` (recorded, nothing is sent) and the
# read-only attributes filling in. A plan that shows a replacement means the
# configuration differs from the job: fix the configuration, not the job.

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

import {
  to = dts_migration_job.orders
  id = "ap-guangzhou:dts-1a2b3c4d"
}

import {
  to = dts_sync_job.reports
  id = "ap-guangzhou:sync-1a2b3c4d"
}

# Was tencentcloud_dts_migrate_service + tencentcloud_dts_migrate_job +
# tencentcloud_dts_migrate_job_config + tencentcloud_dts_migrate_job_start_operation.
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

# Was tencentcloud_dts_sync_job + tencentcloud_dts_sync_config +
# tencentcloud_dts_sync_check_job_operation + tencentcloud_dts_sync_job_start_operation.
resource "dts_sync_job" "reports" {
  name           = "reports-sync"
  instance_class = "small"

  src_info = {
    region        = "ap-guangzhou"
    access_type   = "cdb"
    database_type = "mysql"
    node_type     = "single"
    info = [{
      instance_id         = "cdb-my0002"
      user                = "dts_sync"
      password_wo         = var.source_password
      password_wo_version = 1
    }]
  }

  dst_info = {
    region        = "ap-guangzhou"
    access_type   = "cdb"
    database_type = "mysql"
    node_type     = "single"
    info = [{
      instance_id         = "cdb-my0003"
      user                = "dts_sync"
      password_wo         = var.target_password
      password_wo_version = 1
    }]
  }

  objects = {
    mode      = "Partial"
    databases = [{ db_name = "reports", db_mode = "All" }]
  }
}
