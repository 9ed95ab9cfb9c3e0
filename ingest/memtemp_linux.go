package ingest

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"syscall"
)

// memoryTempBound is the most record bytes one load keeps in memory-backed files.
const memoryTempBound = 2 << 30

// memoryTempDir (a variable, for tests) is /dev/shm when it is a memory file system with room for need bytes twice
// over and the machine has four times need available, else "".
var memoryTempDir = memoryTempDirOS

func memoryTempDirOS(need int64) string {
	const dir = "/dev/shm"
	const tmpfsMagic = 0x01021994
	if need <= 0 || need > memoryTempBound {
		return ""
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil || st.Type != tmpfsMagic {
		return ""
	}
	if int64(st.Bavail)*int64(st.Bsize) < 2*need {
		return ""
	}
	if avail := memAvailable(); avail < 4*need {
		return ""
	}
	return dir
}

// memAvailable is the kernel's estimate of memory available without swapping, in bytes; 0
// when unknown.
func memAvailable() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := bytes.CutPrefix(sc.Bytes(), []byte("MemAvailable:"))
		if !ok {
			continue
		}
		fields := bytes.Fields(rest)
		if len(fields) == 0 {
			return 0
		}
		kb, err := strconv.ParseInt(string(fields[0]), 10, 64)
		if err != nil {
			return 0
		}
		return kb << 10
	}
	return 0
}

// processAlive tells whether a process with this id runs (or may: one that is not ours).
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}
