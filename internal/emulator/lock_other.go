//go:build !unix && !windows

package emulator

import (
	"fmt"
	"os"
	"runtime"
)

// lockFile: state files cannot be locked on this platform.
func lockFile(*os.File) error {
	return fmt.Errorf("state files cannot be locked on %s", runtime.GOOS)
}
