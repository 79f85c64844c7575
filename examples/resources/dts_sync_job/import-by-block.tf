import {
  to = dts_sync_job.orders
  id = "ap-guangzhou:sync-1a2b3c4d"
}
