package emulator

import (
	"fmt"
	"strings"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// ModifyMigrationJob: the configuration of a migration job, its validation
// and the defaults DTS fills in. README.md ("Configuration") documents the
// rules.

// rateLimitAtConfigure is the answer to a MigrateOption.RateLimit at
// configure time.
const rateLimitAtConfigure = "DTS does not accept a rate limit at configure time; use ModifyMigrateRateLimit once the job runs."

// Defaults filled into a stored configuration when the request left the
// member unset.
const (
	defaultEncryptConn     = "UnEncrypted"
	defaultMigrateType     = "fullAndIncrement"
	defaultConsistencyMode = "notConfigured"
	extraAttrDstWriteMode  = "DstWriteMode"
)

// migrationNodeNeeds are the members a node (DBInfo) of each access type
// needs (the definition's "required if the access type is …").
var migrationNodeNeeds = map[string][]string{
	"cdb":      {"InstanceId"},
	"extranet": {"Host", "Port"},
	"ipv6":     {"Host", "Port"},
	"intranet": {"Host", "Port"},
	"cvm":      {"Host", "Port", "CvmInstanceId"},
	"vpc":      {"Host", "Port", "VpcId", "SubnetId"},
	"ccn":      {"Host", "Port", "VpcId", "SubnetId"},
	"vpncloud": {"Host", "Port", "VpcId", "SubnetId", "UniqVpnGwId"},
	"dcg":      {"Host", "Port", "VpcId", "SubnetId", "UniqDcgId"},
}

// migrationConfig is a validated configuration, ready to be stored.
type migrationConfig struct {
	jobName       string // "" keeps the name
	tags          []*dtsapi.TagItem
	replaceTags   bool
	runMode       string
	expectRunTime time.Time
	option        *dtsapi.MigrateOption
	src, dst      *dtsapi.DBEndpointInfo
	autoRetry     int64
}

// modifyMigrationJob configures a job (verb configure the first time,
// modify afterwards). The job returns to created: a new check is needed.
func modifyMigrationJob(c *call, req *dtsapi.ModifyMigrationJobRequest, j *migrationJob) *apiError {
	cfg, err := validateConfiguration(c.Region, j, req)
	if err != nil {
		return err
	}
	cfg.apply(j)
	return nil
}

// apply stores the configuration in the job.
func (cfg *migrationConfig) apply(j *migrationJob) {
	if cfg.jobName != "" {
		j.JobName = cfg.jobName
	}
	if cfg.replaceTags {
		j.Tags = cfg.tags
	}
	j.RunMode = cfg.runMode
	j.ExpectRunTime = cfg.expectRunTime
	j.MigrateOption = cfg.option
	j.SrcInfo = cfg.src
	j.DstInfo = cfg.dst
	j.AutoRetryTimeRangeMinutes = cfg.autoRetry
}

// validateConfiguration checks a ModifyMigrationJob request against the job
// and returns what the job stores: secrets masked, defaults filled in.
func validateConfiguration(region string, j *migrationJob, req *dtsapi.ModifyMigrationJobRequest) (*migrationConfig, *apiError) {
	cfg := &migrationConfig{runMode: *req.RunMode, autoRetry: deref(req.AutoRetryTimeRangeMinutes)}
	if name := deref(req.JobName); name != "" {
		if err := checkJobName(name); err != nil {
			return nil, err
		}
		cfg.jobName = name
	}
	if req.Tags != nil {
		tags, err := checkTags(req.Tags)
		if err != nil {
			return nil, err
		}
		cfg.tags, cfg.replaceTags = cloneTags(tags), true
	}
	at, err := expectRunTime(cfg.runMode == "timed", deref(req.ExpectRunTime))
	if err != nil {
		return nil, err
	}
	cfg.expectRunTime = at
	if err := checkAutoRetry("AutoRetryTimeRangeMinutes", cfg.autoRetry); err != nil {
		return nil, err
	}
	if err := checkPurchased("SrcInfo", req.SrcInfo, j.SrcDatabaseType, j.SrcRegion); err != nil {
		return nil, err
	}
	if got := *req.DstInfo.Region; got != region {
		return nil, errf(codeInvalidParameterValue, "The value `%s` of parameter `DstInfo.Region` must be the region of the request (`%s`).", got, region)
	}
	if err := checkPurchased("DstInfo", req.DstInfo, j.DstDatabaseType, j.DstRegion); err != nil {
		return nil, err
	}
	if err := checkEndpointMembers("SrcInfo", req.SrcInfo); err != nil {
		return nil, err
	}
	if err := checkEndpointMembers("DstInfo", req.DstInfo); err != nil {
		return nil, err
	}
	for _, side := range []struct {
		path   string
		info   *dtsapi.DBEndpointInfo
		source bool
	}{{"SrcInfo", req.SrcInfo, true}, {"DstInfo", req.DstInfo, false}} {
		if err := checkMigrationTdsql(side.path, side.info, side.source); err != nil {
			return nil, err
		}
	}
	opt := req.MigrateOption
	if mt := deref(opt.MigrateType); j.redisLink() && mt != "" && mt != defaultMigrateType {
		return nil, errf(codeInvalidParameterValue, "The value `%s` of parameter `MigrateOption.MigrateType` is not valid: %s migrations support only %s.",
			mt, j.redisType(), defaultMigrateType)
	}
	if rl := opt.RateLimit; rl != nil {
		if err := checkRates("MigrateOption.RateLimit", rateValues(rl), rateMaxima()); err != nil {
			return nil, err
		}
		return nil, errf(codeInvalidParameterValue, "The parameter `MigrateOption.RateLimit` is not accepted: %s", rateLimitAtConfigure)
	}
	for i, kv := range opt.ExtraAttr {
		if kv != nil && deref(kv.Key) == extraAttrDstWriteMode {
			if err := checkDstWriteMode(fmt.Sprintf("MigrateOption.ExtraAttr.%d.Value", i), deref(kv.Value)); err != nil {
				return nil, err
			}
		}
	}
	cfg.option = withOptionDefaults(scrubSecrets(opt))
	cfg.src = withEndpointDefaults(scrubSecrets(req.SrcInfo))
	cfg.dst = withEndpointDefaults(scrubSecrets(req.DstInfo))
	return cfg, nil
}

// checkPurchased checks that an endpoint has the database type and region
// the job was bought with.
func checkPurchased(path string, info *dtsapi.DBEndpointInfo, dbType, region string) *apiError {
	if got := *info.DatabaseType; got != dbType {
		return errf(codeInvalidParameterValue, "The value `%s` of parameter `%s.DatabaseType` must be the database type the job was bought with (`%s`).",
			got, path, dbType)
	}
	if got := *info.Region; got != region {
		return errf(codeInvalidParameterValue, "The value `%s` of parameter `%s.Region` must be the region the job was bought with (`%s`).",
			got, path, region)
	}
	return nil
}

// checkEndpointMembers checks the members each access type needs (the
// definition's "required if the access type is …").
func checkEndpointMembers(path string, info *dtsapi.DBEndpointInfo) *apiError {
	access := deref(info.AccessType)
	if access == "ccn" && strings.TrimSpace(deref(info.DatabaseNetEnv)) == "" {
		return errf(codeMissingParameter, "The request is missing a required parameter `%s.DatabaseNetEnv` (AccessType %s).", path, access)
	}
	for i, db := range info.Info {
		node := nodePath(path+".Info", i)
		if db == nil {
			return errf(codeMissingParameter, "The request is missing a required parameter `%s`.", node)
		}
		if err := checkNodeMembers(node, "AccessType "+access, db, migrationNodeNeeds[access]); err != nil {
			return err
		}
	}
	return nil
}

// checkMigrationTdsql checks a tdsqlmysql endpoint of a migration job
// (checkTdsqlNodes).
func checkMigrationTdsql(path string, info *dtsapi.DBEndpointInfo, source bool) *apiError {
	nodes := make([]tdsqlNode, 0, len(info.Info))
	for i, db := range info.Info {
		if db != nil {
			nodes = append(nodes, tdsqlNode{path: nodePath(path+".Info", i), role: deref(db.Role), setID: deref(db.SetId)})
		}
	}
	return checkTdsqlNodes(deref(info.DatabaseType), path+".ConnectType", deref(info.ConnectType), source, nodes, path+".Info.1")
}

// checkDstWriteMode checks a Redis write mode against its closed enum.
func checkDstWriteMode(path, v string) *apiError {
	enum := dtsapi.MustEnum("ExtraAttr.DstWriteMode")
	if !enum.Has(v) {
		return errf(codeInvalidParameterValue, "The value `%s` of parameter `%s` is not valid; allowed values: %s.",
			v, path, strings.Join(enum.Values, ", "))
	}
	return nil
}

// withEndpointDefaults fills in what DTS reads back for unset members of a
// configured endpoint: per node EncryptConn. Supplier, AccountMode and
// EngineVersion read back "" when unset, as in the samples.
func withEndpointDefaults(info *dtsapi.DBEndpointInfo) *dtsapi.DBEndpointInfo {
	if info == nil {
		return nil
	}
	for _, db := range info.Info {
		if db != nil && deref(db.EncryptConn) == "" {
			db.EncryptConn = ptr(defaultEncryptConn)
		}
	}
	return info
}

// withOptionDefaults fills in the migration type and the consistency check
// mode DTS reads back when they are unset.
func withOptionDefaults(opt *dtsapi.MigrateOption) *dtsapi.MigrateOption {
	if opt == nil {
		return nil
	}
	if deref(opt.MigrateType) == "" {
		opt.MigrateType = ptr(defaultMigrateType)
	}
	if opt.Consistency == nil {
		opt.Consistency = &dtsapi.ConsistencyOption{}
	}
	if deref(opt.Consistency.Mode) == "" {
		opt.Consistency.Mode = ptr(defaultConsistencyMode)
	}
	return opt
}
