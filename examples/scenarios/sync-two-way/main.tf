# Two-way sync between two cloud MySQL instances (active-active): a forward
# job with the full load, then a reverse job that syncs increments only.
# Conflicting rows are overwritten by the newer write (conflict handling
# "Cover"); DTS keeps the pair from looping.

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
  east = "cdb-my0001"
  west = "cdb-my0002"
  endpoint = {
    for name, id in { east = local.east, west = local.west } : name => {
      region               = "ap-guangzhou"
      access_type          = "cdb"
      database_type        = "mysql"
      node_type            = "single"
      info = [{
        instance_id         = id
        user                = "dts_sync"
        password_wo         = var.db_password
        password_wo_version = 1
      }]
    }
  }
  objects = {
    mode      = "Partial"
    databases = [{ db_name = "inventory", db_mode = "All" }]
  }
}

resource "dts_sync_job" "east_to_west" {
  name           = "inventory-east-to-west"
  instance_class = "small"
  src_info       = local.endpoint.east
  dst_info       = local.endpoint.west
  objects        = local.objects
  options = {
    init_type            = "Full"
    conflict_handle_type = "Cover"
  }
}

resource "dts_sync_job" "west_to_east" {
  name           = "inventory-west-to-east"
  instance_class = "small"
  src_info       = local.endpoint.west
  dst_info       = local.endpoint.east
  objects        = local.objects
  options = {
    init_type            = "None" # increments only: the forward job loaded the data
    conflict_handle_type = "Cover"
  }

  # Start the reverse direction once the forward job runs.
  depends_on = [dts_sync_job.east_to_west]
}
