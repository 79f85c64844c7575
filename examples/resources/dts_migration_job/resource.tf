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

# A self-hosted MySQL (reached over the internet) migrated into a cloud MySQL
# instance: full data, then incremental sync, cut over when `state` becomes
# "completed".
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
      password_wo_version = 1 # bump to send a new password
    }]
  }

  dst_info = {
    region        = "ap-guangzhou"
    access_type   = "cdb"
    database_type = "mysql"
    node_type     = "simple"
    info = [{
      instance_id         = "cdb-my0001" # a cloud MySQL instance (dts_migrate_db_instances lists them)
      user                = "root"
      password_wo         = var.target_password
      password_wo_version = 1
    }]
  }

  migrate_option = {
    database_table = {
      object_mode = "partial"
      databases = [{
        db_name    = "orders"
        db_mode    = "partial"
        table_mode = "partial"
        tables = [
          { table_name = "orders" },
          { table_name = "order_items", new_table_name = "order_lines" },
        ]
      }]
    }
    is_dst_read_only = true
  }

  rate_limit = {
    dump_thread = 4
    load_thread = 4
  }

  # "running" until the cutover window, then change to "completed".
  state = "running"

  timeouts = {
    create = "90m"
  }
}
