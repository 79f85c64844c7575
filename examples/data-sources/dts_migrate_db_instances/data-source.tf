# Cloud MySQL instances DTS can migrate into, and why the others cannot be used.
data "dts_migrate_db_instances" "mysql_targets" {
  database_type = "mysql"
  migrate_role  = "dst"
}

output "usable_targets" {
  value = [for i in data.dts_migrate_db_instances.mysql_targets.instances : i.instance_id if i.usable]
}

output "unusable_targets" {
  value = { for i in data.dts_migrate_db_instances.mysql_targets.instances : i.instance_id => i.hint if !i.usable }
}
