package emulator

import (
	"errors"
	"fmt"
	"os"
)

// The state file is owned by one emulator at a time: New takes an
// exclusive lock on a lock file next to it (StateFile + ".lock") and refuses
// to start when another emulator — in this process or another — holds it.
// The lock belongs to the open lock file, so it is released by Close and by
// the end of the process however it ends (kill -9 included): successive
// processes (a provider started for each plan, apply and destroy) take it
// one after the other. The lock file itself stays; it holds nothing.

// errLocked reports a lock held by someone else.
var errLocked = errors.New("locked")

// lockSuffix names the lock file of a state file.
const lockSuffix = ".lock"

// lockStateFile takes the lock of the state file path.
func lockStateFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path+lockSuffix, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("emulator: cannot use state file %s: %w", path, err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, fmt.Errorf("emulator: state file %s is in use by another emulator (%s is %w); stop that one first or choose another STATE_FILE",
				path, path+lockSuffix, errLocked)
		}
		return nil, fmt.Errorf("emulator: locking state file %s: %w", path, err)
	}
	return f, nil
}
