# <region>:<job ID>:<compare task ID> — the job is a migration job (dts-…) or a sync job (sync-…):
terraform import dts_compare_task.orders ap-guangzhou:dts-x5t3jgr0:dts-x5t3jgr0-cmp-snas0w0h
