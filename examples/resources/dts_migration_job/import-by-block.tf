import {
  to = dts_migration_job.orders
  id = "ap-guangzhou:dts-1a2b3c4d"
}
