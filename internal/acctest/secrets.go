package acctest

import (
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// SecretTrace prepares a test whose Terraform working directories and trace
// log are kept for NoSecretOnDisk, and returns the directory and the log.
func SecretTrace(t *testing.T) (dir, logPath string) {
	dir = t.TempDir()
	logPath = filepath.Join(dir, "trace.log")
	t.Setenv("TF_ACC_TEMP_DIR", dir)
	t.Setenv("TF_ACC_PERSIST_WORKING_DIR", "1")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_LOG", "TRACE")
	return dir, logPath
}

// NoSecretOnDisk fails t if anything Terraform wrote under dir — state
// files, saved plans (zip files), the trace log — holds secret. The
// configuration files and the variables file are the user's input and are
// skipped. The trace log must show action, or the scan proves nothing.
func NoSecretOnDisk(t *testing.T, dir, logPath, secret, action string) {
	t.Helper()
	scanned := map[string]int{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := d.Name()
		if strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tfvars.json") ||
			strings.Contains(path, string(filepath.Separator)+".terraform"+string(filepath.Separator)) {
			return nil
		}
		contents, isPlan, err := fileContents(path)
		if err != nil {
			return err
		}
		switch {
		case isPlan:
			scanned["plan"]++
		case strings.HasPrefix(name, "terraform.tfstate"):
			scanned["state"]++
		case path == logPath:
			scanned["log"]++
		}
		for _, c := range contents {
			if bytes.Contains(c, []byte(secret)) {
				t.Errorf("the secret appears in %s", path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if scanned["state"] == 0 || scanned["plan"] == 0 || scanned["log"] == 0 {
		t.Fatalf("the scan missed something: %v", scanned)
	}
	if log, _ := os.ReadFile(logPath); !bytes.Contains(log, []byte(action)) {
		t.Fatalf("the trace log does not show %s; it proves nothing", action)
	}
}

// fileContents reads a file, or the files inside it when it is a zip
// archive (a saved plan).
func fileContents(path string) (contents [][]byte, isZip bool, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, false, err
	}
	if !bytes.HasPrefix(b, []byte("PK\x03\x04")) { // not a zip archive: the file itself
		return [][]byte{b}, false, nil
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, true, err
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, true, err
		}
		inner, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, true, err
		}
		contents = append(contents, inner)
	}
	return contents, true, nil
}
