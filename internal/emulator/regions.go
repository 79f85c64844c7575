package emulator

import (
	"slices"
	"strings"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/regions"
)

// dtsRegions are the regions the emulator serves: the X-TC-Region of a DTS
// request (UnsupportedRegion otherwise), of an STS request that names one,
// and the SrcRegion of a purchase. They are the region table of the
// official Go SDK (tencentcloud-sdk-go, package common/regions, v1.3.211,
// the module this repository already uses) — the regions of the API 3.0
// endpoints, among them those the DTS API reference lists for
// dts.<region>.tencentcloudapi.com — and ap-qingyuan, the region of
// the DTS samples (examples.zh.json). README.md lists them.
var dtsRegions = []string{
	regions.Bangkok,       // ap-bangkok
	regions.Beijing,       // ap-beijing
	regions.Chengdu,       // ap-chengdu
	regions.Chongqing,     // ap-chongqing
	regions.Guangzhou,     // ap-guangzhou
	regions.GuangzhouOpen, // ap-guangzhou-open
	regions.HongKong,      // ap-hongkong
	regions.Jakarta,       // ap-jakarta
	regions.Mumbai,        // ap-mumbai
	regions.Nanjing,       // ap-nanjing
	"ap-qingyuan",         // the DTS samples
	regions.Seoul,         // ap-seoul
	regions.Shanghai,      // ap-shanghai
	regions.ShanghaiFSI,   // ap-shanghai-fsi
	regions.ShenzhenFSI,   // ap-shenzhen-fsi
	regions.Singapore,     // ap-singapore
	regions.Tokyo,         // ap-tokyo
	regions.Frankfurt,     // eu-frankfurt
	regions.Moscow,        // eu-moscow
	regions.Ashburn,       // na-ashburn
	regions.SiliconValley, // na-siliconvalley
	regions.Toronto,       // na-toronto
	regions.SaoPaulo,      // sa-saopaulo
}

// isRegion reports whether DTS has a region of that name.
func isRegion(name string) bool { return slices.Contains(dtsRegions, name) }

func unsupportedRegion(name string) *apiError {
	return errf(codeUnsupportedRegion, "The region `%s` is not supported (the emulator serves the DTS regions: %s).", name, strings.Join(dtsRegions, ", "))
}
