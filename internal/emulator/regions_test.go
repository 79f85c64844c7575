package emulator

import (
	"testing"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
	"github.com/dts-terraform/terraform-provider-dts/internal/stsapi"
)

// TestOnlyDTSRegionsAreServed: a region DTS does not have is
// UnsupportedRegion, for DTS and for STS, and a purchase's SrcRegion must
// be a DTS region; every DTS region is served.
func TestOnlyDTSRegionsAreServed(t *testing.T) {
	h := newHarness(t, Options{})
	for _, region := range []string{"ap-nowhere", "ap-guangzhou-9", "xx-test", "AP-GUANGZHOU"} {
		_, err := send(h.client(testID, testKey, "", region), dtsapi.Service, dtsapi.Version, "DescribeMigrationJobs", nil)
		wantCode(t, err, codeUnsupportedRegion)
		_, err = send(h.client(testID, testKey, "", region), stsapi.Service, stsapi.Version, "AssumeRole",
			map[string]any{"RoleArn": "qcs::cam::uin/1:roleName/r", "RoleSessionName": "s1"})
		wantCode(t, err, codeUnsupportedRegion)
	}
	for _, region := range dtsRegions {
		if _, err := send(h.client(testID, testKey, "", region), dtsapi.Service, dtsapi.Version, "DescribeMigrationJobs", nil); err != nil {
			t.Errorf("%s: %v", region, err)
		}
	}
	err := h.call("CreateMigrationService", map[string]any{"SrcDatabaseType": "mysql", "DstDatabaseType": "mysql",
		"SrcRegion": "ap-atlantis", "DstRegion": testRegion, "InstanceClass": "small"})
	wantCode(t, err, codeInvalidParameterValue)
	if ids := h.create(map[string]any{"SrcRegion": "ap-qingyuan"}); len(ids) != 1 {
		t.Fatalf("a purchase from ap-qingyuan: %v", ids)
	}
}
