// Command benchratios checks the performance targets of issue 15 in one
// command:
//
//	go run ./internal/cmd/benchratios
//
// It builds the test binaries of middleware, internal/redact and
// internal/extract, runs their side-by-side benchmarks (BenchmarkTransport,
// BenchmarkHandler, BenchmarkRedactURL, BenchmarkExtract) in -count rounds,
// each round running every benchmark once so that a busy spell of the machine
// spreads over all variants, and prints a compact table: the median of each
// variant, then each ratio with its target and PASS or FAIL.
//
// A ratio is what ucpobs adds over the bare call divided by what its peer
// (otelhttp + promhttp, or otelhttp.NewHandler) adds over the same bare call,
// computed from medians; the range after it is the lowest and highest ratio of
// a single round. The machine (CPU, cores, Go, load average before and after)
// is printed too: on a busy machine the times are not worth much.
//
// It exits with status 1 when a target is missed, 2 when it cannot run.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// suites are the benchmarks run, by package directory.
var suites = []struct{ dir, bench string }{
	{"middleware", "^Benchmark(Transport|Handler)$"},
	{"internal/redact", "^BenchmarkRedactURL$"},
	{"internal/extract", "^BenchmarkExtract$"},
}

func main() {
	count := flag.Int("count", 6, "rounds; each runs every benchmark once")
	benchtime := flag.String("benchtime", "300ms", "the -test.benchtime of each benchmark")
	flag.Parse()
	if *count < 1 {
		fmt.Fprintln(os.Stderr, "benchratios: -count must be at least 1")
		os.Exit(2)
	}
	start := time.Now()
	loadBefore := loadAverage()
	results, cpu, err := run(*count, *benchtime, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchratios:", err)
		os.Exit(2)
	}
	fmt.Printf("machine: %s, %d cores, %s %s/%s; load average %s before, %s after; %d rounds of -benchtime=%s in %s\n\n",
		cpu, runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH,
		loadBefore, loadAverage(), *count, *benchtime, time.Since(start).Round(time.Second))
	printMedians(os.Stdout, results)
	fmt.Println()
	if !printChecks(os.Stdout, results, checks) {
		os.Exit(1)
	}
}

// run builds each suite's test binary and runs every suite once per round,
// returning the samples of each benchmark and the CPU the binaries reported.
func run(count int, benchtime string, progress io.Writer) (*samples, string, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, "", err
	}
	tmp, err := os.MkdirTemp("", "benchratios")
	if err != nil {
		return nil, "", err
	}
	defer os.RemoveAll(tmp)
	bins := make([]string, len(suites))
	for i, s := range suites {
		bins[i] = filepath.Join(tmp, strings.ReplaceAll(s.dir, "/", "_")+".test")
		build := exec.Command("go", "test", "-c", "-o", bins[i], "./"+s.dir)
		build.Dir, build.Stderr = root, progress
		if err := build.Run(); err != nil {
			return nil, "", fmt.Errorf("go test -c ./%s: %w", s.dir, err)
		}
	}
	all := newSamples()
	cpu := ""
	for round := range count {
		fmt.Fprintf(progress, "round %d of %d\n", round+1, count)
		for i, s := range suites {
			cmd := exec.Command(bins[i], "-test.run=^$", "-test.bench="+s.bench, "-test.benchmem", "-test.benchtime="+benchtime)
			cmd.Dir, cmd.Stderr = filepath.Join(root, s.dir), progress
			out, err := cmd.Output()
			if err != nil {
				return nil, "", fmt.Errorf("%s benchmarks: %w\n%s", s.dir, err, out)
			}
			if c := parse(out, all); c != "" {
				cpu = c
			}
		}
	}
	return all, cpu, nil
}

// moduleRoot is the directory of the library module's go.mod.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside the ucpobs module")
	}
	return filepath.Dir(mod), nil
}

// loadAverage is the one-minute load average, or "?" where the system does not
// say.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	if f := strings.Fields(string(b)); len(f) > 0 {
		return f[0]
	}
	return "?"
}

// result is one benchmark's figures in one run.
type result struct{ ns, bytes, allocs float64 }

// samples holds every run of every benchmark, by name without the -N
// GOMAXPROCS suffix, in the order they were first seen.
type samples struct {
	names []string
	runs  map[string][]result
}

func newSamples() *samples { return &samples{runs: map[string][]result{}} }

func (s *samples) add(name string, r result) {
	if _, ok := s.runs[name]; !ok {
		s.names = append(s.names, name)
	}
	s.runs[name] = append(s.runs[name], r)
}

// parse adds the benchmark lines of a test binary's output to s and returns
// the CPU it named ("" when it named none).
func parse(out []byte, s *samples) (cpu string) {
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if c, ok := strings.CutPrefix(line, "cpu: "); ok {
			cpu = strings.TrimSpace(c)
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := f[0]
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		var r result
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			switch f[i+1] {
			case "ns/op":
				r.ns = v
			case "B/op":
				r.bytes = v
			case "allocs/op":
				r.allocs = v
			}
		}
		s.add(name, r)
	}
	return cpu
}

// median is the median of the field of rs that f picks.
func median(rs []result, f func(result) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	slices.Sort(v)
	if n := len(v); n%2 == 1 {
		return v[n/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func ns(r result) float64     { return r.ns }
func allocs(r result) float64 { return r.allocs }

// printMedians prints the median time, bytes and allocations of every
// benchmark.
func printMedians(w io.Writer, s *samples) {
	fmt.Fprintf(w, "%-58s %11s %8s %9s\n", "benchmark (medians)", "ns/op", "B/op", "allocs/op")
	for _, name := range s.names {
		rs := s.runs[name]
		fmt.Fprintf(w, "%-58s %11s %8.0f %9.0f\n", name, formatNs(median(rs, ns)),
			median(rs, func(r result) float64 { return r.bytes }), median(rs, allocs))
	}
}

func formatNs(v float64) string {
	if v < 100 {
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}
