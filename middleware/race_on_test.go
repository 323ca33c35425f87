//go:build race

package middleware

// raceEnabled is true when the tests run under the race detector, which slows byte-heavy tests
// about fifteenfold.
const raceEnabled = true
