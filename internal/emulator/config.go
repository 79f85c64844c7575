package emulator

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// What every kind's configuration shares: the run time, the automatic
// retry window, the members an access type needs and the tdsqlmysql node
// rules.

// Limits of AutoRetryTimeRangeMinutes (0 turns the automatic retry off).
const (
	minAutoRetryMinutes = 5
	maxAutoRetryMinutes = 720
)

// checkAutoRetry checks an automatic retry window: 0 (off) or 5–720
// minutes.
func checkAutoRetry(path string, r int64) *apiError {
	if r != 0 && (r < minAutoRetryMinutes || r > maxAutoRetryMinutes) {
		return errf(codeInvalidParameterValue, "The value `%d` of parameter `%s` is not valid; it must be 0 (off) or between %d and %d.",
			r, path, minAutoRetryMinutes, maxAutoRetryMinutes)
	}
	return nil
}

// expectRunTime reads ExpectRunTime: required for a timed job, in the API's
// format in Beijing time. "" and a zero date (0000-00-00 …, which the sync
// samples send with an immediate job) mean unset.
func expectRunTime(timed bool, s string) (time.Time, *apiError) {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, dtsapi.ZeroTime[:10]) {
		if timed {
			return time.Time{}, errf(codeMissingParameter, "The request is missing a required parameter `ExpectRunTime` (the job runs at a set time).")
		}
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(dtsapi.TimeLayout, s, dtsapi.Beijing)
	if err != nil {
		return time.Time{}, errf(codeInvalidParameterValue, "The value `%s` of parameter `ExpectRunTime` is not a date-time of the form yyyy-mm-dd hh:mm:ss (Beijing time).", s)
	}
	return t, nil
}

// checkNodeMembers answers MissingParameter for the first of members that
// node (a pointer to a model structure) lacks: absent, blank or 0. path
// names the node, why says what needs them ("AccessType cdb").
func checkNodeMembers(path, why string, node any, members []string) *apiError {
	v := reflect.ValueOf(node).Elem()
	for _, m := range members {
		f := memberValue(v, m)
		if isMissing(f) || (f.Kind() == reflect.Pointer && f.Elem().IsZero()) {
			return errf(codeMissingParameter, "The request is missing a required parameter `%s.%s` (%s).", path, m, why)
		}
	}
	return nil
}

// tdsqlNode is one node of a tdsqlmysql endpoint, as its rules see it.
type tdsqlNode struct{ path, role, setID string }

// checkTdsqlNodes checks a tdsqlmysql endpoint as the definition
// describes it: the source needs its connection type ("源端是tdsqlmysql类型
// 必填", connectPath names it); every node needs a Role ("tdsqlmysql类型的源/
// 目标配置必填"), the proxy first ("proxy类型必须填在数组第一项") and set
// nodes after it, each with its SetId ("如节点类型为set必填"); a set
// connection lists the set nodes ("需要正确填写proxy主机信息及所有set节点信息"),
// the second of them named secondPath.
func checkTdsqlNodes(dbType, connectPath, connect string, source bool, nodes []tdsqlNode, secondPath string) *apiError {
	if dbType != "tdsqlmysql" {
		return nil
	}
	if source && connect == "" {
		return missingParameter(connectPath, " (the source is tdsqlmysql)")
	}
	for i, n := range nodes {
		want := "set"
		if i == 0 {
			want = "proxy"
		}
		switch {
		case n.role == "":
			return missingParameter(n.path+".Role", " (tdsqlmysql nodes: the proxy first, then the set nodes)")
		case n.role != want:
			return errf(codeInvalidParameterValue, "The value `%s` of parameter `%s.Role` is not valid: a tdsqlmysql endpoint lists the proxy node first, then set nodes; this node must be `%s`.",
				n.role, n.path, want)
		case n.role == "set" && strings.TrimSpace(n.setID) == "":
			return missingParameter(n.path+".SetId", " (Role is set)")
		}
	}
	if connect == "set" && len(nodes) < 2 {
		return missingParameter(secondPath, " (connection type set: the proxy node and every set node)")
	}
	return nil
}

// nodePaths names the nodes of a list member: path.0, path.1, …
func nodePath(path string, i int) string { return fmt.Sprintf("%s.%d", path, i) }
