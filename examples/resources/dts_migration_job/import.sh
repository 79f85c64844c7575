# A migration job in a given region:
terraform import dts_migration_job.orders ap-guangzhou:dts-1a2b3c4d

# A job in the provider's region:
terraform import dts_migration_job.orders dts-1a2b3c4d
