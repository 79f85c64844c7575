# Quickstart: migrate a self-hosted MySQL database into a Tencent Cloud MySQL
# instance, cut over, and look at the result. `make demo` applies this against
# the local DTS emulator and destroys it again.

terraform {
  required_version = ">= 1.11"
  required_providers {
    dts = {
      source = "dts-terraform/dts"
    }
  }
}

# Region, endpoint and credentials come from the environment
# (TENCENTCLOUD_REGION, TENCENTCLOUD_DTS_ENDPOINT, TENCENTCLOUD_SECRET_ID/KEY).
provider "dts" {}

variable "source_password" {
  description = "Password of the source database's migration user."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "target_password" {
  description = "Password of the target instance's root user."
  type        = string
  sensitive   = true
  ephemeral   = true
}

# Cloud MySQL instances DTS can migrate into.
data "dts_migrate_db_instances" "targets" {
  database_type = "mysql"
  migrate_role  = "dst"
}

locals {
  target = [for i in data.dts_migrate_db_instances.targets.instances : i if i.usable][0]
}

resource "dts_migration_job" "orders" {
  name           = "orders-to-cloud"
  instance_class = "medium"
  tags = {
    team = "payments"
  }

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
      instance_id         = local.target.instance_id
      user                = "root"
      password_wo         = var.target_password
      password_wo_version = 1
    }]
  }

  migrate_option = {
    migrate_type = "fullAndIncrement"
    database_table = {
      object_mode = "partial"
      databases = [{
        db_name    = "orders"
        db_mode    = "all"
        table_mode = "all"
      }]
    }
  }

  # Full data, then incremental catch-up, then the cutover: one apply.
  state = "completed"

  timeouts = {
    create = "30m"
  }
}

data "dts_migration_job" "orders" {
  job_id = dts_migration_job.orders.id
}

data "dts_migration_jobs" "payments" {
  tag_filters = [{ tag_key = "team", tag_value = ["payments"] }]
  depends_on  = [dts_migration_job.orders]
}

output "job_id" {
  value = dts_migration_job.orders.id
}

output "status" {
  value = dts_migration_job.orders.status
}

output "target_instance" {
  value = local.target.instance_id
}

output "steps" {
  value = [for s in data.dts_migration_job.orders.steps : "${s.step_name}: ${s.status}"]
}

output "payments_jobs" {
  value = data.dts_migration_jobs.payments.ids
}
