terraform {
  required_version = ">= 1.11"
  required_providers {
    dts = {
      source = "dts-terraform/dts"
    }
  }
}

variable "db_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

# Continuous sync of two databases between two cloud MySQL instances. Adding a
# database to `objects` later changes the running job in place: DTS checks the
# new objects and applies them without stopping the sync.
resource "dts_sync_job" "orders" {
  name           = "orders-sync"
  pay_mode       = "PostPay"
  instance_class = "small"
  tags = {
    team = "payments"
  }

  src_info = {
    region        = "ap-guangzhou"
    access_type   = "cdb"
    database_type = "mysql"
    node_type     = "single"
    info = [{
      instance_id         = "cdb-my0001"
      user                = "dts_sync"
      password_wo         = var.db_password
      password_wo_version = 1 # bump to send a new password (before the start)
    }]
  }

  # Every API call for the job goes to dst_info.region: the job's region.
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
    mode = "Partial"
    databases = [
      { db_name = "orders", db_mode = "All" },
      { db_name = "billing", db_mode = "All" },
    ]
  }

  options = {
    init_type                = "Full"
    deal_of_exist_same_table = "ReportErrorAfterCheck"
    conflict_handle_type     = "ReportError"
    op_types                 = ["Insert", "Update", "Delete", "DDL"]
  }

  # Applied once the job runs, changed in place while it runs.
  rate_limit = {
    dump_thread   = 8
    sinker_thread = 16
  }

  state = "running" # or "checked", "paused", "stopped"

  timeouts = {
    create = "90m"
  }
}

output "orders_sync" {
  value = {
    id     = dts_sync_job.orders.id
    status = dts_sync_job.orders.status
  }
}
