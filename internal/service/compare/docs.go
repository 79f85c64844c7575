package compare

// resourceDescription is the dts_compare_task resource page.
const resourceDescription = "A data consistency check (compare task) of a DTS migration job or sync job."
