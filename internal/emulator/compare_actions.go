package emulator

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"

	"github.com/dts-terraform/terraform-provider-dts/internal/dtsapi"
)

// Handlers of the 20 compare actions. Each is written once, over the
// migration family's request and response models, and registered for both
// families with compareHandler, which adapts it to the sync family's
// models (they have the same members; the sync report adds IncAbstract).

// compareHandler registers h for family f with the family's request and
// response models Req and Resp. CReq and CResp are the models h is written
// over; every member of CReq must be a member of Req, and every member of
// Resp a member of CResp, of the same type (checked at start-up).
func compareHandler[Req, Resp, CReq, CResp any](f *compareFamily, h func(*call, *compareFamily, *CReq) (*CResp, error)) handler {
	checkSameMembers(reflect.TypeFor[CReq](), reflect.TypeFor[Req]())
	checkSameMembers(reflect.TypeFor[Resp](), reflect.TypeFor[CResp]())
	return typed(func(c *call, req *Req) (*Resp, error) {
		creq := new(CReq)
		copyMembers(creq, req)
		cresp, err := h(c, f, creq)
		if err != nil {
			return nil, err
		}
		resp := new(Resp)
		copyMembers(resp, cresp)
		return resp, nil
	})
}

// checkSameMembers panics unless every field of dst is a field of src with
// the same type.
func checkSameMembers(dst, src reflect.Type) {
	for i := range dst.NumField() {
		d := dst.Field(i)
		if s, ok := src.FieldByName(d.Name); !ok || s.Type != d.Type {
			panic(fmt.Sprintf("emulator: %v.%s has no counterpart of type %v in %v", dst, d.Name, d.Type, src))
		}
	}
}

// copyMembers sets every field of *dst from the field of *src of the same
// name (checkSameMembers has checked that it exists).
func copyMembers(dst, src any) {
	d, s := reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem()
	for i := range d.NumField() {
		d.Field(i).Set(s.FieldByName(d.Type().Field(i).Name))
	}
}

// ---- finding the parent and the task ----

// parent finds the family's parent job jobID in the request's region,
// brought up to the job clock, or answers the action's not-found code.
func (f *compareFamily) parent(c *call, jobID string) (compareParent, *apiError) {
	k := kindNamed(f.Parent)
	if k == nil {
		return nil, errf(compareKind.notFound(c.Action), "The %s %s does not exist in region %s.", f.Noun, jobID, c.Region)
	}
	j, err := c.find(k, jobID)
	if err != nil {
		// The compare kind's code, whatever the parent kind answers for its
		// own actions.
		return nil, errf(compareKind.notFound(c.Action), "%s", err.Message)
	}
	p, ok := j.(compareParent)
	if !ok {
		return nil, errf(codeInternalError, "The emulator's %s jobs cannot have compare tasks.", k.Name)
	}
	return p, nil
}

// task finds the parent jobID, then its compare task taskID; a task of
// another job is not found.
func (f *compareFamily) task(c *call, jobID, taskID string) (compareParent, *compareTask, *apiError) {
	p, err := f.parent(c, jobID)
	if err != nil {
		return nil, nil, err
	}
	t, err := findJob[*compareTask](c, compareKind, taskID)
	if err != nil || t.ParentID != jobID {
		return nil, nil, errf(compareKind.notFound(c.Action), "The compare task %s of %s %s does not exist in region %s.",
			taskID, f.Noun, jobID, c.Region)
	}
	return p, t, nil
}

// operate applies the request's action to the task through the compare
// operation table; prepare (or nil) runs as in operateJob.
func (f *compareFamily) operate(c *call, jobID, taskID string, prepare func(p compareParent, t *compareTask) *apiError) *apiError {
	p, _, err := f.task(c, jobID, taskID)
	if err != nil {
		return err
	}
	return operateJob(c, compareKind, taskID, func(t *compareTask) *apiError {
		if prepare == nil {
			return nil
		}
		return prepare(p, t)
	})
}

// ---- the actions ----

// createCompareTask creates a task in created, when the parent's operation
// table allows the family's create action (verb createCmpTask) in the
// parent's status.
func createCompareTask(c *call, f *compareFamily, req *dtsapi.CreateCompareTaskRequest) (*dtsapi.CreateCompareTaskResponse, error) {
	if _, err := f.parent(c, *req.JobId); err != nil {
		return nil, err
	}
	var id string
	err := c.operate(kindNamed(f.Parent), *req.JobId, func(j job) *apiError {
		p := j.(compareParent)
		name := deref(req.TaskName)
		if err := checkTaskName(name); err != nil {
			return err
		}
		cfg, err := configureCompare(f, p, deref(req.ObjectMode), req.Objects, req.Options)
		if err != nil {
			return err
		}
		id = c.e.addCompareTask(c, p, name, cfg)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &dtsapi.CreateCompareTaskResponse{CompareTaskId: ptr(id)}, nil
}

// addCompareTask files a new task of parent p and returns its ID; its name
// defaults to its ID ("若为空则默认给CompareTaskId相同值").
func (e *Emulator) addCompareTask(c *call, p compareParent, name string, cfg compareConfig) string {
	b := p.base()
	t := &compareTask{
		jobBase: jobBase{
			lifecycle: lifecycle{Status: cmpCreated, StatusSince: c.Now},
			JobID:     e.newJobID(compareKind, b.JobID), Region: b.Region, ParentID: b.JobID,
			JobName: name, CreateTime: c.Now, UpdateTime: c.Now,
		},
		ObjectMode: cfg.ObjectMode, Objects: cfg.Objects, Scope: cfg.Scope, Options: cfg.Options,
	}
	if t.JobName == "" {
		t.JobName = t.JobID
	}
	e.addJob(compareKind, t)
	return t.JobID
}

// modifyCompareTask changes a task before it starts: TaskName when given,
// ObjectMode when given (sameAsMigrate takes the parent's objects anew),
// Objects (custom only) and Options when given — given Options replace the
// task's (unset members take their defaults).
func modifyCompareTask(c *call, f *compareFamily, req *dtsapi.ModifyCompareTaskRequest) (*dtsapi.ModifyCompareTaskResponse, error) {
	err := f.operate(c, *req.JobId, *req.CompareTaskId, func(p compareParent, t *compareTask) *apiError {
		if err := checkTaskName(deref(req.TaskName)); err != nil {
			return err
		}
		mode, objects, options := deref(req.ObjectMode), req.Objects, req.Options
		if mode == "" {
			mode = t.ObjectMode
			if mode == compareCustom && objects == nil {
				objects = t.Objects
			}
		}
		if options == nil {
			options = t.Options
		}
		cfg, err := configureCompare(f, p, mode, objects, options)
		if err != nil {
			return err
		}
		t.ObjectMode, t.Objects, t.Scope, t.Options = cfg.ObjectMode, cfg.Objects, cfg.Scope, cfg.Options
		if name := deref(req.TaskName); name != "" {
			t.JobName = name
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &dtsapi.ModifyCompareTaskResponse{}, nil
}

// The actions on one task that answer an empty response: the compare
// operation table says what they do; set (or nil) checks and stores the
// request's other parameters once the operation is allowed.
var (
	startCompareTask  = taskOperation[dtsapi.StartCompareRequest, dtsapi.StartCompareResponse](nil)
	deleteCompareTask = taskOperation[dtsapi.DeleteCompareTaskRequest, dtsapi.DeleteCompareTaskResponse](nil)
	// ForceStop shortens the stop (inferred: the definition says only that
	// the parent's incremental phase then skips the check's binlog).
	stopCompareTask = taskOperation[dtsapi.StopCompareRequest, dtsapi.StopCompareResponse](
		func(req *dtsapi.StopCompareRequest, t *compareTask) *apiError {
			t.ForceStop = deref(req.ForceStop)
			return nil
		})
	modifyCompareTaskName = taskOperation[dtsapi.ModifyCompareTaskNameRequest, dtsapi.ModifyCompareTaskNameResponse](
		func(req *dtsapi.ModifyCompareTaskNameRequest, t *compareTask) *apiError {
			if err := checkTaskName(*req.TaskName); err != nil {
				return err
			}
			t.JobName = *req.TaskName
			return nil
		})
)

// taskOperation is the handler of an action on the task named by the
// request's JobId and CompareTaskId that answers an empty response.
func taskOperation[Req, Resp any](set func(*Req, *compareTask) *apiError) func(*call, *compareFamily, *Req) (*Resp, error) {
	job, okJob := reflect.TypeFor[Req]().FieldByName("JobId")
	task, okTask := reflect.TypeFor[Req]().FieldByName("CompareTaskId")
	if !okJob || !okTask {
		panic(fmt.Sprintf("emulator: %v has no JobId or CompareTaskId member", reflect.TypeFor[Req]()))
	}
	return func(c *call, f *compareFamily, req *Req) (*Resp, error) {
		v := reflect.ValueOf(req).Elem()
		jobID, taskID := v.FieldByIndex(job.Index).Interface().(*string), v.FieldByIndex(task.Index).Interface().(*string)
		err := f.operate(c, *jobID, *taskID, func(_ compareParent, t *compareTask) *apiError {
			if set == nil {
				return nil
			}
			return set(req, t)
		})
		if err != nil {
			return nil, err
		}
		return new(Resp), nil
	}
}

// describeCompareTasks lists the tasks of one job in creation order,
// filtered by CompareTaskId (exact; an unknown one yields an empty list) and
// Status (any of), paged by Limit (default 20, 1–100) and Offset.
func describeCompareTasks(c *call, f *compareFamily, req *dtsapi.DescribeCompareTasksRequest) (*dtsapi.DescribeCompareTasksResponse, error) {
	if _, err := f.parent(c, *req.JobId); err != nil {
		return nil, err
	}
	pg, err := page(req.Limit, req.Offset)
	if err != nil {
		return nil, err
	}
	var tasks []*compareTask
	for j := range c.jobs(compareKind) {
		t := j.(*compareTask)
		if t.ParentID == *req.JobId && (deref(req.CompareTaskId) == "" || *req.CompareTaskId == t.JobID) && anyOf(req.Status, t.Status) {
			tasks = append(tasks, t)
		}
	}
	slices.SortFunc(tasks, func(a, b *compareTask) int { return cmp.Compare(a.Seq, b.Seq) })
	from, to := pg.bounds(len(tasks))
	resp := &dtsapi.DescribeCompareTasksResponse{TotalCount: ptr(uint64(len(tasks))), Items: []*dtsapi.CompareTaskItem{}}
	for _, t := range tasks[from:to] {
		resp.Items = append(resp.Items, c.e.compareTaskItem(t, c.Now))
	}
	for _, t := range tasks[from:to] {
		c.read(compareKind, t)
	}
	return resp, nil
}
