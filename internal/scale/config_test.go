package scale_test

import (
	"fmt"
	"strings"
)

// The configurations of the scale tests: every kind, n of each, named by
// index. Parents and endpoints are the emulator's catalog and test hosts
// (see internal/emulator/README.md), as in the services' own tests.

// fleet is what one configuration holds.
type fleet struct {
	Migrations, Syncs, Subscriptions int
	// Compares are compare tasks, spread over the first CompareParents
	// migration jobs.
	Compares, CompareParents int
	// Groups adds a consumer group to each subscription.
	Groups bool
	// Variant changes what an update step changes (see the templates).
	Variant int
}

func (f fleet) hcl() string {
	var b strings.Builder
	for i := range f.Migrations {
		b.WriteString(migrationHCL(i, f.Variant))
	}
	for i := range f.Syncs {
		b.WriteString(syncHCL(i, f.Variant))
	}
	for i := range f.Subscriptions {
		b.WriteString(subscriptionHCL(i, f.Variant))
		if f.Groups {
			b.WriteString(groupHCL(i, f.Variant))
		}
	}
	for i := range f.Compares {
		fmt.Fprintf(&b, "\nresource \"dts_compare_task\" \"c%d\" {\n  job_id = dts_migration_job.m%d.id\n  name   = \"cmp-%d-v%d\"\n}\n",
			i, i%max(1, f.CompareParents), i, f.Variant)
	}
	return b.String()
}

func migrationHCL(i, variant int) string {
	node := func(host string) string {
		return fmt.Sprintf(`{
    region        = "ap-guangzhou"
    access_type   = "extranet"
    database_type = "mysql"
    node_type     = "simple"
    info = [{
      host                = %q
      port                = 3306
      user                = "migrator"
      password_wo         = var.password
      password_wo_version = 1
    }]
  }`, host)
	}
	return fmt.Sprintf(`
resource "dts_migration_job" "m%d" {
  name           = "scale-m%d-v%d"
  instance_class = "medium"
  src_info       = %s
  dst_info       = %s
  migrate_option = {
    database_table = {
      object_mode = "partial"
      databases   = [{ db_name = "orders", db_mode = "all" }]
    }
  }
}
`, i, i, variant, node("src.example.com"), node("dst.example.com"))
}

func syncHCL(i, variant int) string {
	node := func(instance string) string {
		return fmt.Sprintf(`{
    region        = "ap-guangzhou"
    access_type   = "cdb"
    database_type = "mysql"
    node_type     = "single"
    info = [{
      instance_id         = %q
      user                = "dts_user"
      password_wo         = var.password
      password_wo_version = 1
    }]
  }`, instance)
	}
	return fmt.Sprintf(`
resource "dts_sync_job" "s%d" {
  name           = "scale-s%d"
  instance_class = "small"
  src_info       = %s
  dst_info       = %s
  objects = {
    mode      = "Partial"
    databases = [{ db_name = "orders", db_mode = "All" }]
  }
}
`, i, i, node("cdb-my0001"), node("cdb-my0002"))
}

func subscriptionHCL(i, variant int) string {
	return fmt.Sprintf(`
resource "dts_subscription" "b%d" {
  name           = "scale-b%d-v%d"
  product        = "mysql"
  subscribe_mode = "dml"
  access_type    = "cdb"
  endpoints = [{
    database_region     = "ap-guangzhou"
    instance_id         = "cdb-my0001"
    user                = "dts_user"
    password_wo         = var.password
    password_wo_version = 1
  }]
  kafka_config = {
    number_of_partitions = 4
    default_rule_type    = "table"
  }
  subscribe_objects = [{ object_type = "database", database = "orders" }]
}
`, i, i, variant)
}

func groupHCL(i, variant int) string {
	return fmt.Sprintf(`
resource "dts_consumer_group" "g%d" {
  subscribe_id        = dts_subscription.b%d.id
  consumer_group_name = "app%d"
  account_name        = "reader%d"
  description         = "scale v%d"
  password_wo         = var.password
  password_wo_version = 1
}
`, i, i, i, i, variant)
}
