package emulator

import (
	"slices"
	"strings"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// ConfigureSyncJob: the configuration of a sync job and its validation.
// README.md ("Configuration (ConfigureSyncJob)") documents the rules.

// configureSyncJob configures a job in UnInitialized, Initialized,
// CheckPass or CheckNotPass; it becomes Initialized (a new check is
// needed).
func configureSyncJob(_ *call, req *dtsapi.ConfigureSyncJobRequest, j *syncJob) *apiError {
	cfg, err := validateSyncConfiguration(j, req)
	if err != nil {
		return err
	}
	if name := deref(req.JobName); name != "" {
		j.JobName = name
	}
	j.syncConfig = *cfg
	return nil
}

// validateSyncConfiguration checks a ConfigureSyncJob request against the
// job and returns what the job stores: secrets emptied, defaults filled in.
func validateSyncConfiguration(j *syncJob, req *dtsapi.ConfigureSyncJobRequest) (*syncConfig, *apiError) {
	cfg := &syncConfig{
		JobMode:        orDefault(deref(req.JobMode), defaultSyncJobMode),
		RunMode:        orDefault(deref(req.RunMode), syncRunImmediate),
		SrcAccessType:  *req.SrcAccessType,
		DstAccessType:  *req.DstAccessType,
		SrcConnectType: deref(req.SrcConnectType),
	}
	if err := checkJobName(deref(req.JobName)); err != nil {
		return nil, err
	}
	at, err := expectRunTime(cfg.RunMode == syncRunTimed, deref(req.ExpectRunTime))
	if err != nil {
		return nil, err
	}
	cfg.ExpectRunTime = at
	if err := checkSyncAccessTypes(j, cfg.SrcAccessType, cfg.DstAccessType); err != nil {
		return nil, err
	}
	src := syncSideRequest{prefix: "Src", source: true, access: cfg.SrcAccessType, connect: cfg.SrcConnectType,
		nodeType: deref(req.SrcNodeType), info: req.SrcInfo, infos: req.SrcInfos, dbType: j.SrcDatabaseType, region: j.SrcRegion}
	dst := syncSideRequest{prefix: "Dst", access: cfg.DstAccessType,
		nodeType: deref(req.DstNodeType), info: req.DstInfo, infos: req.DstInfos, dbType: j.DstDatabaseType, region: j.DstRegion}
	for _, side := range []*syncSideRequest{&src, &dst} {
		if err := side.check(); err != nil {
			return nil, err
		}
	}
	cfg.SrcNodeType, cfg.SrcInfo, cfg.SrcInfos = src.nodeType, clearSecrets(src.info), clearSecrets(src.infos)
	cfg.DstNodeType, cfg.DstInfo, cfg.DstInfos = dst.nodeType, clearSecrets(dst.info), clearSecrets(dst.infos)
	opts, err := checkSyncOptions(j, req.Options)
	if err != nil {
		return nil, err
	}
	if err := checkSyncObjects(j, "Objects", req.Objects, deref(opts.InitType), false); err != nil {
		return nil, err
	}
	cfg.Objects, cfg.Options = req.Objects, opts
	cfg.AutoRetryTimeRangeMinutes = deref(opts.AutoRetryTimeRangeMinutes)
	if r := req.AutoRetryTimeRangeMinutes; r != nil {
		if err := checkAutoRetry("AutoRetryTimeRangeMinutes", *r); err != nil {
			return nil, err
		}
		cfg.AutoRetryTimeRangeMinutes = *r
	}
	cfg.Options.AutoRetryTimeRangeMinutes = nil
	return cfg, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// checkSyncAccessTypes: ckafka is a target access type of Kafka links, which
// take ckafka or a self-built Kafka's access type, not cdb.
func checkSyncAccessTypes(j *syncJob, src, dst string) *apiError {
	switch {
	case src == syncAccessCkafka:
		return errf(codeInvalidParameterValue, "The value `ckafka` of parameter `SrcAccessType` is not valid: a CKafka instance can only be a target.")
	case dst == syncAccessCkafka && !j.kafkaTarget():
		return errf(codeInvalidParameterValue, "The value `ckafka` of parameter `DstAccessType` is not valid: job %s syncs to %s, not to kafka.",
			j.JobID, j.DstDatabaseType)
	case dst == syncAccessCdb && j.kafkaTarget():
		return errf(codeInvalidParameterValue, "The value `cdb` of parameter `DstAccessType` is not valid for a kafka target: use ckafka (a CKafka instance) or the access type of a self-built Kafka.")
	}
	return nil
}

// syncSideRequest is one endpoint of a ConfigureSyncJob request.
type syncSideRequest struct {
	prefix          string // Src or Dst
	source          bool
	access, connect string
	nodeType        string
	info            *dtsapi.Endpoint
	infos           *dtsapi.SyncDBEndpointInfos
	dbType, region  string
	nodes           []*dtsapi.Endpoint
	nodesPath       string
}

// check validates the side: exactly one of Info (single) and Infos
// (cluster), consistent with the node type (absent: inferred from which one
// is given, as the samples send none); the purchase's region and database
// type; the members each access type needs; the tdsqlmysql rules.
func (s *syncSideRequest) check() *apiError {
	single, cluster := s.prefix+"Info", s.prefix+"Infos"
	if s.nodeType == "" {
		s.nodeType = "single"
		if s.info == nil && s.infos != nil {
			s.nodeType = "cluster"
		}
	}
	want, other := single, cluster
	if s.nodeType == "cluster" {
		want, other = cluster, single
	}
	if (s.nodeType == "single" && s.info == nil) || (s.nodeType == "cluster" && s.infos == nil) {
		return missingParameter(want, " ("+s.prefix+"NodeType is "+s.nodeType+")")
	}
	if (s.nodeType == "single" && s.infos != nil) || (s.nodeType == "cluster" && s.info != nil) {
		return errf(codeInvalidParameter, "The parameters `%s` and `%s` exclude each other: %sNodeType %s uses %s.",
			want, other, s.prefix, s.nodeType, want)
	}
	if err := s.checkPurchase(); err != nil {
		return err
	}
	for i, n := range s.nodes {
		path := s.nodePath(i)
		if n == nil {
			return missingParameter(path, "")
		}
		if err := checkNodeMembers(path, "AccessType "+s.access, n, syncNodeNeedsOf(s.access)); err != nil {
			return err
		}
		if deref(n.AccountMode) == "other" {
			if err := checkNodeMembers(path, "AccountMode other", n, []string{"Account", "AccountRole"}); err != nil {
				return err
			}
		}
	}
	tdsql := make([]tdsqlNode, len(s.nodes))
	for i, n := range s.nodes {
		tdsql[i] = tdsqlNode{path: s.nodePath(i), role: deref(n.Role), setID: deref(n.SetId)}
	}
	return checkTdsqlNodes(s.dbType, s.prefix+"ConnectType", s.connect, s.source, tdsql, nodePath(cluster+".Info", 1))
}

// checkPurchase checks the side against the purchase: a single node's
// Region (filled in when absent, as the samples send none), a cluster's
// Region, DatabaseType and AccessType.
func (s *syncSideRequest) checkPurchase() *apiError {
	wrong := func(path, got, want, what string) *apiError {
		return errf(codeInvalidParameterValue, "The value `%s` of parameter `%s` must be %s (`%s`).", got, path, what, want)
	}
	if s.info != nil {
		if r := deref(s.info.Region); r != "" && r != s.region {
			return wrong(s.prefix+"Info.Region", r, s.region, "the region the job was bought with")
		}
		s.info.Region = ptr(s.region)
		s.nodes, s.nodesPath = []*dtsapi.Endpoint{s.info}, s.prefix+"Info"
		return nil
	}
	path := s.prefix + "Infos"
	switch {
	case *s.infos.Region != s.region:
		return wrong(path+".Region", *s.infos.Region, s.region, "the region the job was bought with")
	case *s.infos.DatabaseType != s.dbType:
		return wrong(path+".DatabaseType", *s.infos.DatabaseType, s.dbType, "the database type the job was bought with")
	case *s.infos.AccessType != s.access:
		return wrong(path+".AccessType", *s.infos.AccessType, s.access, "the request's "+s.prefix+"AccessType")
	}
	s.nodes, s.nodesPath = s.infos.Info, path+".Info"
	return nil
}

func (s *syncSideRequest) nodePath(i int) string {
	if s.info != nil {
		return s.nodesPath
	}
	return nodePath(s.nodesPath, i)
}

// syncNodeNeeds are the members a node (Endpoint) of each access type needs:
// an instance (cdb, ckafka) its InstanceId, any other its Ip and Port
// ("接入类型为非cdb时此项必填"); vpc, vpncloud and dcg their VpcId and SubnetId
// ("对于私有网络、专线、VPN的接入方式此项必填"); cvm its CvmInstanceId, dcg its
// UniqDcgId, vpncloud its UniqVpnGwId, ccn its CcnId and DatabaseNetEnv.
// An access type not listed (the samples' noProxy) needs Ip and Port.
var syncNodeNeeds = map[string][]string{
	syncAccessCdb:    {"InstanceId"},
	syncAccessCkafka: {"InstanceId"},
	"cvm":            {"Ip", "Port", "CvmInstanceId"},
	"vpc":            {"Ip", "Port", "VpcId", "SubnetId"},
	"vpncloud":       {"Ip", "Port", "VpcId", "SubnetId", "UniqVpnGwId"},
	"dcg":            {"Ip", "Port", "VpcId", "SubnetId", "UniqDcgId"},
	"ccn":            {"Ip", "Port", "CcnId", "DatabaseNetEnv"},
}

// syncNodeNeedsOf are the members a node of access type needs.
func syncNodeNeedsOf(access string) []string {
	if needs, ok := syncNodeNeeds[access]; ok {
		return needs
	}
	return []string{"Ip", "Port"}
}

// checkSyncObjects checks sync objects beyond their shape: advanced objects
// need a structure initialization ("初始化类型必须包含结构初始化类型");
// triggers and events are not synced ("数据同步暂不支持此高级对象"); the
// DDL filters hold the values of their object; a modification
// (ModifySyncJobConfig) cannot select part of a table's columns.
func checkSyncObjects(j *syncJob, path string, o *dtsapi.Objects, initType string, modify bool) *apiError {
	if len(o.AdvancedObjects) > 0 && initType != "Structure" && initType != "Full" {
		return errf(codeInvalidParameterValue, "The parameter `%s.AdvancedObjects` needs a structure initialization: Options.InitType must be Structure or Full, job %s has %s.",
			path, j.JobID, initType)
	}
	for i, db := range o.Databases {
		dbPath := nodePath(path+".Databases", i)
		if db == nil {
			return missingParameter(dbPath, "")
		}
		for _, m := range []struct{ name, value string }{{"TriggerMode", deref(db.TriggerMode)}, {"EventMode", deref(db.EventMode)}} {
			if m.value != "" {
				return errf(codeInvalidParameterValue, "The parameter `%s.%s` is not valid: data sync does not sync triggers and events.", dbPath, m.name)
			}
		}
		for k, t := range db.Tables {
			if modify && t != nil && deref(t.ColumnMode) == "Partial" {
				return errf(codeInvalidParameterValue, "The value `Partial` of parameter `%s.ColumnMode` is not valid: ModifySyncJobConfig cannot select part of a table's columns.",
					nodePath(dbPath+".Tables", k))
			}
		}
	}
	for i, f := range o.DatabasesOpFilter {
		if err := checkOpFilter(nodePath(path+".DatabasesOpFilter", i), f); err != nil {
			return err
		}
	}
	return nil
}

// checkOpFilter checks the DDL whitelists of a database filter and of its
// tables and views.
func checkOpFilter(path string, f *dtsapi.DBOpFilter) *apiError {
	if f.OpFilter != nil {
		if err := checkDdlOptions(path+".OpFilter.DdlOptions", f.OpFilter.DdlOptions); err != nil {
			return err
		}
	}
	for i, t := range f.Tables {
		if t != nil && t.OpFilter != nil {
			if err := checkDdlOptions(nodePath(path+".Tables", i)+".OpFilter.DdlOptions", t.OpFilter.DdlOptions); err != nil {
				return err
			}
		}
	}
	for i, v := range f.Views {
		if v != nil && v.OpFilter != nil {
			if err := checkDdlOptions(nodePath(path+".Views", i)+".OpFilter.DdlOptions", v.OpFilter.DdlOptions); err != nil {
				return err
			}
		}
	}
	return nil
}

// ddlValues are the DdlValue each DdlObject takes (DdlOption).
var ddlValues = map[string][]string{
	"Database": {"Create", "Drop", "Alter"},
	"Table":    {"Create", "Drop", "Alter", "Truncate", "Rename"},
	"View":     {"Create", "Drop"},
	"Index":    {"Create", "Drop"},
}

// checkDdlOptions checks that each DDL option's values are those of its
// object.
func checkDdlOptions(path string, opts []*dtsapi.DdlOption) *apiError {
	for i, o := range opts {
		p := nodePath(path, i)
		if o == nil {
			return missingParameter(p, "")
		}
		obj := deref(o.DdlObject)
		if obj == "" {
			return missingParameter(p+".DdlObject", "")
		}
		for k, v := range o.DdlValue {
			if allowed := ddlValues[obj]; !slices.Contains(allowed, deref(v)) {
				return errf(codeInvalidParameterValue, "The value `%s` of parameter `%s` is not valid for DdlObject %s; allowed values: %s.",
					deref(v), nodePath(p+".DdlValue", k), obj, strings.Join(allowed, ", "))
			}
		}
	}
	return nil
}
