# Multi-active data centers: the orders database lives in Guangzhou and in
# Shanghai, each data center serves its own users and writes only their rows,
# and two sync jobs carry each side's writes to the other. A row written on
# both sides is a routing mistake, not a race to settle: conflicts stop the
# job with an error (ReportError) instead of overwriting data. Schema changes
# are made in Guangzhou only, so only that direction syncs DDL.

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
  units = {
    guangzhou = { region = "ap-guangzhou", instance_id = "cdb-my0001" }
    shanghai  = { region = "ap-shanghai", instance_id = "cdb-my0002" }
  }
  endpoint = {
    for name, u in local.units : name => {
      region        = u.region
      access_type   = "cdb"
      database_type = "mysql"
      node_type     = "single"
      info = [{
        instance_id         = u.instance_id
        user                = "dts_sync"
        password_wo         = var.db_password
        password_wo_version = 1
      }]
    }
  }
  objects = {
    mode      = "Partial"
    databases = [{ db_name = "orders", db_mode = "All" }]
  }
  tags = { app = "orders-multi-active" }
}

# Guangzhou → Shanghai: loads the existing data, then syncs every change,
# DDL included. The job lives in the region of its target (Shanghai).
resource "dts_sync_job" "guangzhou_to_shanghai" {
  name           = "orders-gz-to-sh"
  instance_class = "medium"
  tags           = local.tags
  src_info       = local.endpoint.guangzhou
  dst_info       = local.endpoint.shanghai
  objects        = local.objects
  options = {
    init_type                = "Full"
    deal_of_exist_same_table = "ReportErrorAfterCheck"
    conflict_handle_type     = "ReportError"
    op_types                 = ["Insert", "Update", "Delete", "DDL"]
  }
  auto_retry_time_range_minutes = 60 # ride out a cross-region network blip
}

# Shanghai → Guangzhou: changes only (the data is there already), no DDL.
resource "dts_sync_job" "shanghai_to_guangzhou" {
  name           = "orders-sh-to-gz"
  instance_class = "medium"
  tags           = local.tags
  src_info       = local.endpoint.shanghai
  dst_info       = local.endpoint.guangzhou
  objects        = local.objects
  options = {
    init_type            = "None"
    conflict_handle_type = "ReportError"
    op_types             = ["Insert", "Update", "Delete"]
  }
  auto_retry_time_range_minutes = 60

  depends_on = [dts_sync_job.guangzhou_to_shanghai]
}

# Both directions' delay, read in each job's region.
data "dts_sync_jobs" "active" {
  for_each    = toset(["ap-guangzhou", "ap-shanghai"])
  region      = each.key
  tag_filters = [{ tag_key = "app", tag_value = ["orders-multi-active"] }]
  depends_on  = [dts_sync_job.shanghai_to_guangzhou]
}

output "delay_seconds" {
  value = merge([for r, d in data.dts_sync_jobs.active : { for j in d.jobs : j.name => j.detail.seconds_behind_master }]...)
}
