package provider

import (
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Read-only views of migration jobs, shared by the dts_migration_jobs and
// dts_migration_job data sources. None of them carries a secret: passwords,
// temporary secret keys and tokens are never read into these models.

type migrationJobSummaryModel struct {
	JobID                     types.String          `tfsdk:"job_id"`
	Name                      types.String          `tfsdk:"name"`
	CreateTime                types.String          `tfsdk:"create_time"`
	UpdateTime                types.String          `tfsdk:"update_time"`
	StartTime                 types.String          `tfsdk:"start_time"`
	EndTime                   types.String          `tfsdk:"end_time"`
	BriefMsg                  types.String          `tfsdk:"brief_msg"`
	Status                    types.String          `tfsdk:"status"`
	RunMode                   types.String          `tfsdk:"run_mode"`
	ExpectRunTime             types.String          `tfsdk:"expect_run_time"`
	Action                    *migrateActionModel   `tfsdk:"action"`
	StepInfo                  *stepSummaryModel     `tfsdk:"step_info"`
	SrcInfo                   *endpointSummaryModel `tfsdk:"src_info"`
	DstInfo                   *endpointSummaryModel `tfsdk:"dst_info"`
	CompareTask               *compareTaskInfoModel `tfsdk:"compare_task"`
	TradeInfo                 *tradeInfoModel       `tfsdk:"trade_info"`
	Tags                      map[string]string     `tfsdk:"tags"`
	AutoRetryTimeRangeMinutes types.Int64           `tfsdk:"auto_retry_time_range_minutes"`
	DumperResumeCtrl          types.String          `tfsdk:"dumper_resume_ctrl"`
}

type migrateActionModel struct {
	AllAction     []string `tfsdk:"all_action"`
	AllowedAction []string `tfsdk:"allowed_action"`
}

type stepSummaryModel struct {
	StepAll             types.Int64 `tfsdk:"step_all"`
	StepNow             types.Int64 `tfsdk:"step_now"`
	MasterSlaveDistance types.Int64 `tfsdk:"master_slave_distance"`
	SecondsBehindMaster types.Int64 `tfsdk:"seconds_behind_master"`
}

type endpointSummaryModel struct {
	Region         types.String         `tfsdk:"region"`
	AccessType     types.String         `tfsdk:"access_type"`
	DatabaseType   types.String         `tfsdk:"database_type"`
	NodeType       types.String         `tfsdk:"node_type"`
	Supplier       types.String         `tfsdk:"supplier"`
	DatabaseNetEnv types.String         `tfsdk:"database_net_env"`
	ConnectType    types.String         `tfsdk:"connect_type"`
	CcnOwnerUin    types.String         `tfsdk:"ccn_owner_uin"`
	ExtraAttr      map[string]string    `tfsdk:"extra_attr"`
	Info           []dbInfoSummaryModel `tfsdk:"info"`
}

type dbInfoSummaryModel struct {
	Role          types.String `tfsdk:"role"`
	DbKernel      types.String `tfsdk:"db_kernel"`
	Host          types.String `tfsdk:"host"`
	Port          types.Int64  `tfsdk:"port"`
	User          types.String `tfsdk:"user"`
	CvmInstanceID types.String `tfsdk:"cvm_instance_id"`
	UniqVpnGwID   types.String `tfsdk:"uniq_vpn_gw_id"`
	UniqDcgID     types.String `tfsdk:"uniq_dcg_id"`
	InstanceID    types.String `tfsdk:"instance_id"`
	CcnGwID       types.String `tfsdk:"ccn_gw_id"`
	VpcID         types.String `tfsdk:"vpc_id"`
	SubnetID      types.String `tfsdk:"subnet_id"`
	EngineVersion types.String `tfsdk:"engine_version"`
	Account       types.String `tfsdk:"account"`
	AccountRole   types.String `tfsdk:"account_role"`
	AccountMode   types.String `tfsdk:"account_mode"`
	EncryptConn   types.String `tfsdk:"encrypt_conn"`
	SetID         types.String `tfsdk:"set_id"`
}

type compareTaskInfoModel struct {
	CompareTaskID types.String `tfsdk:"compare_task_id"`
	Status        types.String `tfsdk:"status"`
}

type tradeInfoModel struct {
	DealName      types.String `tfsdk:"deal_name"`
	LastDealName  types.String `tfsdk:"last_deal_name"`
	InstanceClass types.String `tfsdk:"instance_class"`
	TradeStatus   types.String `tfsdk:"trade_status"`
	ExpireTime    types.String `tfsdk:"expire_time"`
	OfflineTime   types.String `tfsdk:"offline_time"`
	IsolateTime   types.String `tfsdk:"isolate_time"`
	OfflineReason types.String `tfsdk:"offline_reason"`
	IsolateReason types.String `tfsdk:"isolate_reason"`
	PayType       types.String `tfsdk:"pay_type"`
	BillingType   types.String `tfsdk:"billing_type"`
}

// tokenTagKey is the tag the provider puts on every job it buys, so that a
// purchase whose reply was lost can be found again. It is hidden from users.
const tokenTagKey = "terraform-dts-token"

func flattenTags(tags []*dtsapi.TagItem) map[string]string {
	out := map[string]string{}
	for _, t := range tags {
		if t == nil || t.TagKey == nil || *t.TagKey == tokenTagKey {
			continue
		}
		out[*t.TagKey] = str(t.TagValue)
	}
	return out
}

func flattenMigrationJobSummary(j *dtsapi.JobItem) migrationJobSummaryModel {
	m := migrationJobSummaryModel{
		JobID:                     stringValue(j.JobId),
		Name:                      stringValue(j.JobName),
		CreateTime:                timeValue(j.CreateTime),
		UpdateTime:                timeValue(j.UpdateTime),
		StartTime:                 timeValue(j.StartTime),
		EndTime:                   timeValue(j.EndTime),
		BriefMsg:                  stringValue(j.BriefMsg),
		Status:                    stringValue(j.Status),
		RunMode:                   stringValue(j.RunMode),
		ExpectRunTime:             timeValue(j.ExpectRunTime),
		Action:                    flattenMigrateAction(j.Action),
		StepInfo:                  flattenStepSummary(j.StepInfo),
		SrcInfo:                   flattenEndpointSummary(j.SrcInfo),
		DstInfo:                   flattenEndpointSummary(j.DstInfo),
		CompareTask:               flattenCompareTaskInfo(j.CompareTask),
		TradeInfo:                 flattenTradeInfo(j.TradeInfo),
		Tags:                      flattenTags(j.Tags),
		AutoRetryTimeRangeMinutes: int64Value(j.AutoRetryTimeRangeMinutes),
		DumperResumeCtrl:          stringValue(j.DumperResumeCtrl),
	}
	return m
}

func flattenMigrateAction(a *dtsapi.MigrateAction) *migrateActionModel {
	if a == nil {
		a = &dtsapi.MigrateAction{}
	}
	return &migrateActionModel{AllAction: stringList(a.AllAction), AllowedAction: stringList(a.AllowedAction)}
}

func flattenStepSummary(s *dtsapi.MigrateDetailInfo) *stepSummaryModel {
	if s == nil {
		s = &dtsapi.MigrateDetailInfo{}
	}
	return &stepSummaryModel{
		StepAll:             int64Value(s.StepAll),
		StepNow:             int64Value(s.StepNow),
		MasterSlaveDistance: int64Value(s.MasterSlaveDistance),
		SecondsBehindMaster: int64Value(s.SecondsBehindMaster),
	}
}

func flattenEndpointSummary(e *dtsapi.DBEndpointInfo) *endpointSummaryModel {
	if e == nil {
		e = &dtsapi.DBEndpointInfo{}
	}
	m := &endpointSummaryModel{
		Region:         stringValue(e.Region),
		AccessType:     stringValue(e.AccessType),
		DatabaseType:   stringValue(e.DatabaseType),
		NodeType:       stringValue(e.NodeType),
		Supplier:       stringValue(e.Supplier),
		DatabaseNetEnv: stringValue(e.DatabaseNetEnv),
		ConnectType:    stringValue(e.ConnectType),
		CcnOwnerUin:    stringValue(e.CcnOwnerUin),
		ExtraAttr:      map[string]string{},
		Info:           []dbInfoSummaryModel{},
	}
	for _, kv := range e.ExtraAttr {
		if kv != nil && kv.Key != nil {
			m.ExtraAttr[*kv.Key] = str(kv.Value)
		}
	}
	for _, i := range e.Info {
		if i == nil {
			continue
		}
		m.Info = append(m.Info, dbInfoSummaryModel{
			Role:          stringValue(i.Role),
			DbKernel:      stringValue(i.DbKernel),
			Host:          stringValue(i.Host),
			Port:          int64Value(i.Port),
			User:          stringValue(i.User),
			CvmInstanceID: stringValue(i.CvmInstanceId),
			UniqVpnGwID:   stringValue(i.UniqVpnGwId),
			UniqDcgID:     stringValue(i.UniqDcgId),
			InstanceID:    stringValue(i.InstanceId),
			CcnGwID:       stringValue(i.CcnGwId),
			VpcID:         stringValue(i.VpcId),
			SubnetID:      stringValue(i.SubnetId),
			EngineVersion: stringValue(i.EngineVersion),
			Account:       stringValue(i.Account),
			AccountRole:   stringValue(i.AccountRole),
			AccountMode:   stringValue(i.AccountMode),
			EncryptConn:   stringValue(i.EncryptConn),
			SetID:         stringValue(i.SetId),
		})
	}
	return m
}

func flattenCompareTaskInfo(c *dtsapi.CompareTaskInfo) *compareTaskInfoModel {
	if c == nil {
		c = &dtsapi.CompareTaskInfo{}
	}
	return &compareTaskInfoModel{CompareTaskID: stringValue(c.CompareTaskId), Status: stringValue(c.Status)}
}

func flattenTradeInfo(t *dtsapi.TradeInfo) *tradeInfoModel {
	if t == nil {
		t = &dtsapi.TradeInfo{}
	}
	return &tradeInfoModel{
		DealName:      stringValue(t.DealName),
		LastDealName:  stringValue(t.LastDealName),
		InstanceClass: stringValue(t.InstanceClass),
		TradeStatus:   stringValue(t.TradeStatus),
		ExpireTime:    timeValue(t.ExpireTime),
		OfflineTime:   timeValue(t.OfflineTime),
		IsolateTime:   timeValue(t.IsolateTime),
		OfflineReason: stringValue(t.OfflineReason),
		IsolateReason: stringValue(t.IsolateReason),
		PayType:       stringValue(t.PayType),
		BillingType:   stringValue(t.BillingType),
	}
}

// Schemas of the views above.

func computedString(desc string) dschema.StringAttribute {
	return dschema.StringAttribute{Computed: true, MarkdownDescription: desc}
}

func computedInt64(desc string) dschema.Int64Attribute {
	return dschema.Int64Attribute{Computed: true, MarkdownDescription: desc}
}

func computedStrings(desc string) dschema.ListAttribute {
	return dschema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
}

func computedMap(desc string) dschema.MapAttribute {
	return dschema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: desc}
}

const timeNote = " (RFC 3339; the API reports Beijing time, so the offset is +08:00). Null when not set."

func migrationJobSummaryAttributes() map[string]dschema.Attribute {
	return map[string]dschema.Attribute{
		"job_id":          computedString("Job ID (`dts-…`)."),
		"name":            computedString("Job name."),
		"create_time":     computedString("When the job was bought" + timeNote),
		"update_time":     computedString("When the job last changed" + timeNote),
		"start_time":      computedString("When the job started" + timeNote),
		"end_time":        computedString("When the job ended" + timeNote),
		"brief_msg":       computedString("Short message about the job's state, e.g. why it failed."),
		"status":          computedString("Job status: " + dtsapi.MustEnum("JobItem.Status").Describe() + "."),
		"run_mode":        computedString("`immediate` or `timed`."),
		"expect_run_time": computedString("Planned start of a timed job" + timeNote),
		"action": dschema.SingleNestedAttribute{
			Computed:            true,
			MarkdownDescription: "Operations on the job.",
			Attributes: map[string]dschema.Attribute{
				"all_action":     computedStrings("Every operation of the job."),
				"allowed_action": computedStrings("Operations its current status allows, e.g. `stop`, `complete`, `isolate`."),
			},
		},
		"step_info": dschema.SingleNestedAttribute{
			Computed:            true,
			MarkdownDescription: "Progress of the migration.",
			Attributes: map[string]dschema.Attribute{
				"step_all":              computedInt64("Number of steps."),
				"step_now":              computedInt64("Current step."),
				"master_slave_distance": computedInt64("Lag between source and target, in bytes."),
				"seconds_behind_master": computedInt64("Lag between source and target, in seconds."),
			},
		},
		"src_info":                      endpointSummaryAttribute("Source database."),
		"dst_info":                      endpointSummaryAttribute("Target database."),
		"compare_task":                  compareTaskInfoAttribute(),
		"trade_info":                    tradeInfoAttribute(),
		"tags":                          computedMap("Tags of the job."),
		"auto_retry_time_range_minutes": computedInt64("Minutes during which a failed job is retried automatically; 0 means off."),
		"dumper_resume_ctrl":            computedString("`yes` when the full export can resume from a checkpoint, `no` otherwise."),
	}
}

func endpointSummaryAttribute(desc string) dschema.SingleNestedAttribute {
	return dschema.SingleNestedAttribute{
		Computed:            true,
		MarkdownDescription: desc + " Passwords and temporary credentials are never exposed.",
		Attributes: map[string]dschema.Attribute{
			"region":           computedString("Region of the database."),
			"access_type":      computedString("How DTS reaches the database: " + dtsapi.MustEnum("DBEndpointInfo.AccessType").Describe() + "."),
			"database_type":    computedString("Database type, e.g. `mysql`."),
			"node_type":        computedString("Node type: " + dtsapi.MustEnum("DBEndpointInfo.NodeType").Describe() + "."),
			"supplier":         computedString("Provider of the database, e.g. `others`, `aliyun`, `aws`."),
			"database_net_env": computedString("Network environment for `ccn` access: `UserIDC` or `TencentVPC`."),
			"connect_type":     computedString("TDSQL connection: `proxy` or `set`."),
			"ccn_owner_uin":    computedString("Owner account of the CCN instance."),
			"extra_attr":       computedMap("Extra attributes of the endpoint."),
			"info": dschema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Database nodes.",
				NestedObject: dschema.NestedAttributeObject{Attributes: map[string]dschema.Attribute{
					"role":            computedString("Node role, e.g. `mongos`, or `proxy` / `set` for TDSQL."),
					"db_kernel":       computedString("Kernel, e.g. for MariaDB."),
					"host":            computedString("Host or IP address."),
					"port":            computedInt64("Port."),
					"user":            computedString("User name."),
					"cvm_instance_id": computedString("CVM instance ID for `cvm` access."),
					"uniq_vpn_gw_id":  computedString("VPN gateway ID for `vpncloud` access."),
					"uniq_dcg_id":     computedString("Direct Connect gateway ID for `dcg` access."),
					"instance_id":     computedString("Database instance ID for `cdb` access."),
					"ccn_gw_id":       computedString("CCN gateway ID for `ccn` access."),
					"vpc_id":          computedString("VPC ID."),
					"subnet_id":       computedString("Subnet ID."),
					"engine_version":  computedString("Database engine version."),
					"account":         computedString("Account the instance belongs to."),
					"account_role":    computedString("Role used for cross-account access."),
					"account_mode":    computedString("`self` or `other` account."),
					"encrypt_conn":    computedString("`UnEncrypted` or `Encrypted`."),
					"set_id":          computedString("TDSQL set ID."),
				}},
			},
		},
	}
}

func compareTaskInfoAttribute() dschema.SingleNestedAttribute {
	return dschema.SingleNestedAttribute{
		Computed:            true,
		MarkdownDescription: "The job's latest consistency check.",
		Attributes: map[string]dschema.Attribute{
			"compare_task_id": computedString("Compare task ID."),
			"status":          computedString("Result: " + dtsapi.MustEnum("CompareTaskInfo.Status").Describe() + "."),
		},
	}
}

func tradeInfoAttribute() dschema.SingleNestedAttribute {
	return dschema.SingleNestedAttribute{
		Computed:            true,
		MarkdownDescription: "Billing of the job.",
		Attributes: map[string]dschema.Attribute{
			"deal_name":      computedString("Order number."),
			"last_deal_name": computedString("Latest order number."),
			"instance_class": computedString("Specification: " + dtsapi.MustEnum("ModifyMigrateJobSpecRequest.NewInstanceClass").Describe() + "."),
			"trade_status":   computedString("Billing status: " + dtsapi.MustEnum("TradeInfo.TradeStatus").Describe() + "."),
			"expire_time":    computedString("Expiry" + timeNote),
			"offline_time":   computedString("When the job was deleted" + timeNote),
			"isolate_time":   computedString("When the job was isolated" + timeNote),
			"offline_reason": computedString("Why the job was deleted."),
			"isolate_reason": computedString("Why the job was isolated."),
			"pay_type":       computedString("`postpay` or `prepay`."),
			"billing_type":   computedString("`billing`, `notBilling` or `promotions`."),
		},
	}
}
