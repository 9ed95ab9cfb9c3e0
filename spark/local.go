//go:build linux

package spark

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// LocalServer is a Spark Connect server on this machine (pyspark's bundled Spark on
// local[N]), for tests and the benchmark.
type LocalServer struct {
	Remote string // sc://127.0.0.1:PORT
	cmd    *exec.Cmd
	log    string
}

// FindSparkHome finds pyspark's bundled Spark: $SPARK_HOME, the venv .ci/run makes
// ($HOME/.cache/entrarisk/spark-venv), or the pyspark that python3 imports. The error
// says what to install.
func FindSparkHome() (string, error) {
	ok := func(dir string) bool {
		m, _ := filepath.Glob(filepath.Join(dir, "jars", "spark-connect_*.jar"))
		_, err := os.Stat(filepath.Join(dir, "bin", "spark-submit"))
		return dir != "" && len(m) > 0 && err == nil
	}
	if h := os.Getenv("SPARK_HOME"); ok(h) {
		return h, nil
	}
	if home, err := os.UserHomeDir(); err == nil {
		m, _ := filepath.Glob(filepath.Join(home, ".cache", "entrarisk", "spark-venv", "lib", "python3*", "site-packages", "pyspark"))
		for _, d := range m {
			if ok(d) {
				return d, nil
			}
		}
	}
	for _, py := range []string{"python3", "python"} {
		out, err := exec.Command(py, "-c", "import os, pyspark; print(os.path.dirname(pyspark.__file__))").Output()
		if err == nil && ok(strings.TrimSpace(string(out))) {
			return strings.TrimSpace(string(out)), nil
		}
	}
	return "", fmt.Errorf("%w: install pyspark 4.x (pip install pyspark==4.3.0, as .ci/run does) and Java 17", ErrNoSpark)
}

// FindJava finds a Java 17 or later: $JAVA_HOME, or java on PATH.
func FindJava() (string, error) {
	if h := os.Getenv("JAVA_HOME"); h != "" {
		if _, err := os.Stat(filepath.Join(h, "bin", "java")); err == nil {
			return h, nil
		}
	}
	p, err := exec.LookPath("java")
	if err != nil {
		return "", fmt.Errorf("%w: no java on PATH: install Java 17 (apt-get install openjdk-17-jre-headless)", ErrNoSpark)
	}
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	return filepath.Dir(filepath.Dir(p)), nil
}

// StartLocal starts a Spark Connect server on 127.0.0.1 with local[cores] and waits until
// it listens. logPath gets its output.
func StartLocal(ctx context.Context, cores int, driverMemory, logPath string) (*LocalServer, error) {
	home, err := FindSparkHome()
	if err != nil {
		return nil, err
	}
	java, err := FindJava()
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	lf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer lf.Close()
	cmd := exec.Command(filepath.Join(home, "bin", "spark-submit"),
		"--class", "org.apache.spark.sql.connect.service.SparkConnectServer",
		"--master", "local["+strconv.Itoa(cores)+"]",
		"--driver-memory", driverMemory,
		"--conf", "spark.connect.grpc.binding.address=127.0.0.1",
		"--conf", "spark.connect.grpc.binding.port="+strconv.Itoa(port),
		"--conf", "spark.driver.host=127.0.0.1",
		"--conf", "spark.driver.bindAddress=127.0.0.1",
		"--conf", "spark.ui.enabled=false",
		"--conf", "spark.sql.shuffle.partitions="+strconv.Itoa(max(2*cores, 4)),
		"--conf", "spark.sql.session.timeZone=UTC",
		"spark-internal")
	cmd.Env = append(os.Environ(), "SPARK_HOME="+home, "JAVA_HOME="+java, "SPARK_LOCAL_IP=127.0.0.1")
	cmd.Stdout, cmd.Stderr = lf, lf
	// Its own process group, so that Stop ends the JVM spark-submit starts; and killed
	// with the test or bench process, should that die without calling Stop.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start spark connect server: %w", err)
	}
	srv := &LocalServer{Remote: fmt.Sprintf("sc://127.0.0.1:%d", port), cmd: cmd, log: logPath}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.After(3 * time.Minute)
	for {
		select {
		case err := <-exited:
			return nil, fmt.Errorf("spark connect server exited (%v); see %s", err, logPath)
		case <-deadline:
			srv.Stop()
			return nil, fmt.Errorf("spark connect server did not listen within 3 minutes; see %s", logPath)
		case <-ctx.Done():
			srv.Stop()
			return nil, ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
		if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second); err == nil {
			c.Close()
			// Listening is logged a moment before the service answers.
			b, _ := os.ReadFile(logPath)
			if strings.Contains(string(b), "Spark Connect server started") {
				return srv, nil
			}
		}
	}
}

// Stop ends the server and the JVM it started (its process group).
func (s *LocalServer) Stop() {
	if s == nil || s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		for i := 0; i < 100; i++ {
			if syscall.Kill(-s.cmd.Process.Pid, 0) != nil {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		close(done)
	}()
	<-done
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
}
