package emulator

import (
	"fmt"
	"slices"
	"time"
)

// Billing and isolation, whatever the kind: which links are billed, why and
// when a job was isolated and destroyed, the isolation the billing system
// makes out of band (administration Isolate), and the start delay of a
// timed job.

// freeLink is the billing rule of every kind: a link is free when its target
// type is never billed, or when source and target are the same database
// type in the same region and the class is medium — the only class the
// definition says unbilled links support ("当前未计费链路仅支持medium字段值").
func freeLink(srcType, dstType, srcRegion, dstRegion, class string) bool {
	return unbilledTargets[dstType] || (srcType == dstType && srcRegion == dstRegion && class == "medium")
}

// unbilledTargets are target database types whose links DTS does not bill at
// any class (inferred: a product in its free period). For them the purchase
// accepts only the medium class, as the definition says of unbilled links.
var unbilledTargets = map[string]bool{"tdstore": true}

// checkUnbilledClass refuses a purchase of an unbilled target at another
// class than medium.
func checkUnbilledClass(dstType, class string) *apiError {
	if unbilledTargets[dstType] && class != "medium" {
		return errf(codeInvalidParameterValue,
			"The value `%s` of parameter `InstanceClass` is not valid: links to %s are not billed, and unbilled links accept only `medium`.",
			class, dstType)
	}
	return nil
}

// Why a job is isolated (administration Isolate).
const (
	// IsolationManual is an isolation by the user (IsolateMigrateJob,
	// IsolateSyncJob): RecoverMigrateJob and RecoverSyncJob lift it.
	IsolationManual = "manual"
	// IsolationOverdue is an isolation for arrears: the recover actions
	// refuse to lift it (OperationDenied.BizOperationDeniedError).
	IsolationOverdue = "overdue"
)

// isolationReasons are the IsolateReason texts by cause.
var isolationReasons = map[string]string{
	IsolationManual:  "manual isolation",
	IsolationOverdue: "overdue: the account is in arrears",
}

// isolation is what a billed job records of its isolation and destruction;
// job types embed it (its members are promoted in the job's JSON).
type isolation struct {
	IsolateTime   time.Time `json:",omitzero"`
	IsolateReason string    `json:",omitempty"`
	// IsolatedFor is why the job is isolated: IsolationManual,
	// IsolationOverdue, or a kind's own cause; only a manual isolation can
	// be lifted.
	IsolatedFor   string    `json:",omitempty"`
	OfflineTime   time.Time `json:",omitzero"`
	OfflineReason string    `json:",omitempty"`
}

// isolated records that the job became isolated at at (a manual isolation
// unless a cause was set); reasons gives the IsolateReason texts.
func (i *isolation) isolated(at time.Time, reasons map[string]string) {
	i.IsolateTime = at
	if i.IsolatedFor == "" {
		i.IsolatedFor = IsolationManual
	}
	i.IsolateReason = reasons[i.IsolatedFor]
}

// lifted forgets the isolation (the recover actions).
func (i *isolation) lifted() { i.IsolateTime, i.IsolateReason, i.IsolatedFor = time.Time{}, "", "" }

// manualOnly: the recover actions lift only a manual isolation
// ("用户手动发起隔离后的手动解隔离，只有任务状态为已隔离(手动操作)状态下才能触发此操作").
func (i *isolation) manualOnly(noun, id, action string) *apiError {
	if i.IsolatedFor != IsolationManual {
		return errf(codeOperationDenied, "%s %s was isolated for %s, not by hand: only a manual isolation can be lifted (%s).",
			noun, id, i.IsolatedFor, action)
	}
	return nil
}

// isolationStatuses are the statuses of a kind that an isolation uses: the
// billing statuses in service, the active statuses (an isolated active job
// stops), the stopping status and the isolated billing status.
type isolationStatuses struct {
	inService, active  []string
	stopping, isolated string
}

// isolateOutOfBand isolates a billed job of machine m out of band, as the
// billing system does: its billing status becomes isolated at once, an
// active job is stopped, and the isolation has the given cause.
func isolateOutOfBand[J any](m *machine[J], j *J, iso *isolation, billed bool, s isolationStatuses, reason string, at time.Time, scale float64) error {
	if _, ok := isolationReasons[reason]; !ok {
		return fmt.Errorf("emulator: isolation reason must be %s or %s, got %q", IsolationManual, IsolationOverdue, reason)
	}
	l := m.life(j)
	if !billed || !slices.Contains(s.inService, l.Trade) {
		return fmt.Errorf("emulator: %s job %s cannot be isolated: it is %s with billing status %s",
			m.Kind, m.id(j), map[bool]string{true: "billed", false: "not billed"}[billed], l.Trade)
	}
	iso.IsolatedFor = reason
	status := ""
	if slices.Contains(s.active, l.Status) {
		status = s.stopping
	}
	return m.force(j, status, s.isolated, at, scale)
}

// stopIfActive moves a job in one of the active statuses to stopping (an
// isolation stops it).
func stopIfActive[J any](t *txn[J], active []string, stopping string) {
	if slices.Contains(active, t.m.life(t.Job).Status) {
		t.enter(fieldStatus, stopping)
	}
}

// startDelay is how long a starting job waits: d, or until expect when the
// job is timed and expect is later.
func startDelay(timed bool, expect, since time.Time, d time.Duration) time.Duration {
	if timed && !expect.IsZero() {
		if wait := expect.Sub(since); wait > d {
			return wait
		}
	}
	return d
}
