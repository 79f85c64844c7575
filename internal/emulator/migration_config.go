package emulator

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// ModifyMigrationJob: the configuration of a migration job, its validation
// and the defaults DTS fills in. README.md ("Configuration") documents the
// rules.

// Limits of AutoRetryTimeRangeMinutes (0 turns the automatic retry off).
const (
	minAutoRetryMinutes = 5
	maxAutoRetryMinutes = 720
)

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

// Access types by the members each node of the endpoint needs.
var (
	accessNeedsHostPort = []string{"extranet", "ipv6", "cvm", "vpc", "dcg", "vpncloud", "ccn", "intranet"}
	accessNeedsVpc      = []string{"vpc", "vpncloud", "ccn", "dcg"}
)

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
func modifyMigrationJob(c *call, req *dtsapi.ModifyMigrationJobRequest) (*dtsapi.ModifyMigrationJobResponse, error) {
	err := operateJob(c, migrationKind, *req.JobId, func(j *migrationJob) *apiError {
		cfg, err := validateConfiguration(c.Region, j, req)
		if err != nil {
			return err
		}
		cfg.apply(j)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &dtsapi.ModifyMigrationJobResponse{}, nil
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
	at, err := expectRunTime(cfg.runMode, deref(req.ExpectRunTime))
	if err != nil {
		return nil, err
	}
	cfg.expectRunTime = at
	if r := cfg.autoRetry; r != 0 && (r < minAutoRetryMinutes || r > maxAutoRetryMinutes) {
		return nil, errf(codeInvalidParameterValue, "The value `%d` of parameter `AutoRetryTimeRangeMinutes` is not valid; it must be 0 (off) or between %d and %d.",
			r, minAutoRetryMinutes, maxAutoRetryMinutes)
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
		if err := checkTdsqlNodes(side.path, side.info, side.source); err != nil {
			return nil, err
		}
	}
	opt := req.MigrateOption
	if mt := deref(opt.MigrateType); j.redisLink() && mt != "" && mt != defaultMigrateType {
		return nil, errf(codeInvalidParameterValue, "The value `%s` of parameter `MigrateOption.MigrateType` is not valid: %s migrations support only %s.",
			mt, j.redisType(), defaultMigrateType)
	}
	if rl := opt.RateLimit; rl != nil {
		values := []int64{deref(rl.DumpThread), deref(rl.DumpRps), deref(rl.LoadThread), deref(rl.LoadRps), deref(rl.SinkerThread)}
		if err := checkRates("MigrateOption.RateLimit", values); err != nil {
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

// expectRunTime reads ExpectRunTime: required for a timed job, in the API's
// format in Beijing time. "" and the zero date mean unset.
func expectRunTime(runMode, s string) (time.Time, *apiError) {
	s = strings.TrimSpace(s)
	if s == "" || s == dtsapi.ZeroTime {
		if runMode == "timed" {
			return time.Time{}, errf(codeMissingParameter, "The request is missing a required parameter `ExpectRunTime` (RunMode is timed).")
		}
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(dtsapi.TimeLayout, s, dtsapi.Beijing)
	if err != nil {
		return time.Time{}, errf(codeInvalidParameterValue, "The value `%s` of parameter `ExpectRunTime` is not a date-time of the form yyyy-mm-dd hh:mm:ss (Beijing time).", s)
	}
	return t, nil
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
	missing := func(p string) *apiError {
		return errf(codeMissingParameter, "The request is missing a required parameter `%s` (AccessType %s).", p, access)
	}
	blank := func(s *string) bool { return strings.TrimSpace(deref(s)) == "" }
	if access == "ccn" && blank(info.DatabaseNetEnv) {
		return missing(path + ".DatabaseNetEnv")
	}
	for i, db := range info.Info {
		node := fmt.Sprintf("%s.Info.%d", path, i)
		if db == nil {
			return errf(codeMissingParameter, "The request is missing a required parameter `%s`.", node)
		}
		need := func(name string, ok bool) *apiError {
			if ok {
				return nil
			}
			return missing(node + "." + name)
		}
		var checks []*apiError
		if access == "cdb" {
			checks = append(checks, need("InstanceId", !blank(db.InstanceId)))
		}
		if slices.Contains(accessNeedsHostPort, access) {
			checks = append(checks, need("Host", !blank(db.Host)), need("Port", deref(db.Port) != 0))
		}
		if slices.Contains(accessNeedsVpc, access) {
			checks = append(checks, need("VpcId", !blank(db.VpcId)), need("SubnetId", !blank(db.SubnetId)))
		}
		switch access {
		case "cvm":
			checks = append(checks, need("CvmInstanceId", !blank(db.CvmInstanceId)))
		case "vpncloud":
			checks = append(checks, need("UniqVpnGwId", !blank(db.UniqVpnGwId)))
		case "dcg":
			checks = append(checks, need("UniqDcgId", !blank(db.UniqDcgId)))
		}
		for _, err := range checks {
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// checkTdsqlNodes checks a tdsqlmysql endpoint as the definition
// describes it: the source needs ConnectType ("源端是tdsqlmysql类型必填");
// every node needs a Role ("tdsqlmysql类型的源/目标配置必填"), the proxy
// first ("proxy类型必须填在数组第一项") and set nodes after it, each with
// its SetId ("如节点类型为set必填"); a set connection lists the set nodes
// ("Info中需要正确填写proxy主机信息及所有set节点信息").
func checkTdsqlNodes(path string, info *dtsapi.DBEndpointInfo, source bool) *apiError {
	if deref(info.DatabaseType) != "tdsqlmysql" {
		return nil
	}
	connect := deref(info.ConnectType)
	if source && connect == "" {
		return missingParameter(path+".ConnectType", " (the source is tdsqlmysql)")
	}
	for i, db := range info.Info {
		node := fmt.Sprintf("%s.Info.%d", path, i)
		want := "set"
		if i == 0 {
			want = "proxy"
		}
		switch role := deref(db.Role); {
		case role == "":
			return missingParameter(node+".Role", " (tdsqlmysql nodes: the proxy first, then the set nodes)")
		case role != want:
			return errf(codeInvalidParameterValue, "The value `%s` of parameter `%s.Role` is not valid: a tdsqlmysql endpoint lists the proxy node first, then set nodes; this node must be `%s`.",
				role, node, want)
		case role == "set" && strings.TrimSpace(deref(db.SetId)) == "":
			return missingParameter(node+".SetId", " (Role is set)")
		}
	}
	if connect == "set" && len(info.Info) < 2 {
		return missingParameter(path+".Info.1", " (ConnectType set: the proxy node and every set node)")
	}
	return nil
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
