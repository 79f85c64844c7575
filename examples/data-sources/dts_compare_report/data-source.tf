# The report of the job's latest successful consistency check, with the rows
# that differ in one table.
data "dts_compare_tasks" "orders" {
  job_id = "dts-1a2b3c4d"
  status = ["success"]
}

data "dts_compare_report" "latest" {
  count = length(data.dts_compare_tasks.orders.ids) > 0 ? 1 : 0

  job_id          = data.dts_compare_tasks.orders.job_id
  compare_task_id = data.dts_compare_tasks.orders.ids[length(data.dts_compare_tasks.orders.ids) - 1]

  diff_items_filter = {
    db_name    = "orders"
    table_name = "order_items"
    max_items  = 50
  }
}

output "latest_report" {
  value = [for r in data.dts_compare_report.latest : {
    conclusion     = r.abstract.conclusion
    different_rows = r.abstract.different_rows
    tables         = [for t in r.full_progress : "${t.db}.${t.table}: ${t.row_count} rows"]
    skipped        = [for s in r.skipped : "${s.db}.${s.table}: ${s.reason}"]
    rows           = [for d in r.diff_items : "${d.identifier} (${d.diff_type})"]
  }]
}
