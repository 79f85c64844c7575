# A reusable migration of one MySQL database into a cloud MySQL instance,
# gated by a consistency check: the job migrates (full load, then incremental
# sync), a compare task checks source and target once the incremental phase
# is reached, and the cutover (`cutover = true`) follows in a later apply.
#
# Its tests (tests/*.tftest.hcl) run offline against the emulator inside the
# provider: see the guide "Test your DTS modules offline".

terraform {
  required_version = ">= 1.11"
  required_providers {
    dts = {
      source = "dts-terraform/dts"
    }
  }
}

resource "dts_migration_job" "this" {
  name           = var.name
  instance_class = var.instance_class
  state          = var.cutover ? "completed" : "running"

  src_info = {
    region        = var.region
    access_type   = "extranet"
    database_type = "mysql"
    node_type     = "simple"
    info = [{
      host                = var.source_db.host
      port                = var.source_db.port
      user                = var.source_db.user
      password_wo         = var.source_password
      password_wo_version = var.password_version
    }]
  }

  dst_info = {
    region        = var.region
    access_type   = "cdb"
    database_type = "mysql"
    node_type     = "simple"
    info = [{
      instance_id         = var.target_instance_id
      user                = var.target_user
      password_wo         = var.target_password
      password_wo_version = var.password_version
    }]
  }

  migrate_option = {
    database_table = {
      object_mode = "partial"
      databases   = [for db in var.databases : { db_name = db, db_mode = "all" }]
    }
  }
}

# The gate: once the job is in its incremental phase, compare everything it
# migrates; a table that differs fails the apply (and the next apply compares
# again). The cutover comes after a passed gate, in a later apply.
resource "dts_compare_task" "gate" {
  job_id             = dts_migration_job.this.id
  name               = "${var.name}-gate"
  fail_on_difference = true

  timeouts = {
    create = var.gate_timeout
  }
}
