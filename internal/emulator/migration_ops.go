package emulator

import (
	"fmt"
	"slices"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// The migration operations that act on one job with parameters. Each goes
// through the operation table (migrationOps), most as the prepare function
// of jobChange (actions.go): the job must exist (the action's not-found
// code), the operation must be allowed in its statuses (the row's code),
// then the parameters that depend on the job are checked and stored, and
// the statuses change.

// Keys of ModifyMigrateRuntimeAttribute.OtherOptions.
const runtimeIsDstReadOnly = "IsDstReadOnly"

// completeMigrateJob ends the incremental sync of a job at readyComplete.
// CompleteMode is documented for legacy MySQL jobs only: it is refused for
// any other source. Both modes go through completing.
func completeMigrateJob(_ *call, req *dtsapi.CompleteMigrateJobRequest, j *migrationJob) *apiError {
	if mode := deref(req.CompleteMode); mode != "" && j.SrcDatabaseType != "mysql" {
		return errf(codeInvalidParameterValue, "The parameter `CompleteMode` applies to MySQL migrations only; job %s migrates from %s.",
			j.JobID, j.SrcDatabaseType)
	}
	return nil
}

// resumeMigrateJob retries a job in error (and a failed Redis job).
// ResumeOption: a Redis-family link (redis, tendis, keewidb) must choose
// clearData or overwrite (MissingParameter when absent, InvalidParameterValue
// for normal); any other link resumes with normal, the default.
func resumeMigrateJob(_ *call, req *dtsapi.ResumeMigrateJobRequest, j *migrationJob) *apiError {
	option := deref(req.ResumeOption)
	switch redis := j.redisLink(); {
	case redis && option == "":
		return errf(codeMissingParameter, "The request is missing a required parameter `ResumeOption`: job %s is a Redis migration; choose clearData or overwrite.", j.JobID)
	case redis && option == "normal":
		return errf(codeInvalidParameterValue, "The value `normal` of parameter `ResumeOption` is not valid for a Redis migration; allowed values: clearData, overwrite.")
	case !redis && option != "" && option != "normal":
		return errf(codeInvalidParameterValue, "The value `%s` of parameter `ResumeOption` applies to Redis migrations only; job %s resumes with normal.",
			option, j.JobID)
	}
	return nil
}

// modifyMigrateJobSpec resizes a billed (pay-as-you-go) job: resizing, then
// normal with the new class. A free job is refused before anything else.
func modifyMigrateJobSpec(c *call, req *dtsapi.ModifyMigrateJobSpecRequest) (*dtsapi.ModifyMigrateJobSpecResponse, error) {
	j, err := findJob[*migrationJob](c, migrationKind, *req.JobId)
	if err != nil {
		return nil, err
	}
	if !j.Billed {
		return nil, errf(codeOperationDenied, "Migration job %s is not billed: only pay-as-you-go jobs can be resized.", j.JobID)
	}
	err = operateJob(c, migrationKind, *req.JobId, func(j *migrationJob) *apiError {
		j.PendingClass = *req.NewInstanceClass
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &dtsapi.ModifyMigrateJobSpecResponse{}, nil
}

// modifyMigrateName renames a job (1–128 characters), in any status.
func modifyMigrateName(_ *call, req *dtsapi.ModifyMigrateNameRequest, j *migrationJob) *apiError {
	if err := checkJobName(*req.JobName); err != nil {
		return err
	}
	j.JobName = *req.JobName
	return nil
}

// modifyMigrateRateLimit changes the transfer rate of a running job
// (running or readyComplete). 0 or an absent value keeps the current one.
func modifyMigrateRateLimit(_ *call, req *dtsapi.ModifyMigrateRateLimitRequest, j *migrationJob) *apiError {
	return limitRate(&j.RateLimit, defaultRateLimit, rateValues(req), rateMaxima())
}

// modifyMigrateRuntimeAttribute changes runtime attributes in any status:
// IsDstReadOnly ("true"/"false", MigrateOption.IsDstReadOnly) and DstWriteMode
// (clearData, overwrite or normal, the MigrateOption.ExtraAttr entry). Other
// keys are refused; nothing changes unless every option is valid.
func modifyMigrateRuntimeAttribute(_ *call, req *dtsapi.ModifyMigrateRuntimeAttributeRequest, j *migrationJob) *apiError {
	var readOnly *bool
	var writeMode *string
	for i, kv := range req.OtherOptions {
		path := fmt.Sprintf("OtherOptions.%d", i)
		if kv == nil {
			return errf(codeMissingParameter, "The request is missing a required parameter `%s`.", path)
		}
		v := deref(kv.Value)
		switch key := deref(kv.Key); key {
		case runtimeIsDstReadOnly:
			if v != "true" && v != "false" {
				return errf(codeInvalidParameterValue, "The value `%s` of parameter `%s.Value` is not valid for IsDstReadOnly; allowed values: true, false.", v, path)
			}
			readOnly = ptr(v == "true")
		case extraAttrDstWriteMode:
			if err := checkDstWriteMode(path+".Value", v); err != nil {
				return err
			}
			writeMode = ptr(v)
		default:
			return errf(codeInvalidParameterValue, "The value `%s` of parameter `%s.Key` is not a runtime attribute the emulator knows; allowed keys: %s, %s.",
				key, path, runtimeIsDstReadOnly, extraAttrDstWriteMode)
		}
	}
	if j.MigrateOption == nil {
		j.MigrateOption = &dtsapi.MigrateOption{}
	}
	if readOnly != nil {
		j.MigrateOption.IsDstReadOnly = readOnly
	}
	if writeMode != nil {
		i := slices.IndexFunc(j.MigrateOption.ExtraAttr, func(kv *dtsapi.KeyValuePairOption) bool {
			return kv != nil && deref(kv.Key) == extraAttrDstWriteMode
		})
		if i >= 0 {
			j.MigrateOption.ExtraAttr[i] = &dtsapi.KeyValuePairOption{Key: ptr(extraAttrDstWriteMode), Value: writeMode}
		} else {
			j.MigrateOption.ExtraAttr = append(j.MigrateOption.ExtraAttr, &dtsapi.KeyValuePairOption{Key: ptr(extraAttrDstWriteMode), Value: writeMode})
		}
	}
	return nil
}
