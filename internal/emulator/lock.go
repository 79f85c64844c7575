package emulator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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
	if err := checkStatePath(path); err != nil {
		return nil, err
	}
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

// checkStatePath refuses, before the lock file is created next to it, a
// state file that is a folder or whose folder does not exist, saying so:
// the emulator creates the state file, not its folder.
func checkStatePath(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("emulator: state file %s is a folder: name a file, e.g. %s", path, filepath.Join(path, "dts-emulator.json"))
	}
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("emulator: cannot use state file %s: the folder %s does not exist (the emulator creates the state file, not its folder)",
			path, dir)
	}
	return nil
}
