//go:build !race

package e2e

// raceDetector is true when the test binary is built with -race.
const raceDetector = false
