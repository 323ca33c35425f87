package main

import (
	"io"
	"sync"
)

// lockedWriter serialises writes from the logger, the span exporter and the progress lines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// writeLine writes s and a newline; output errors are not the demo's concern.
func writeLine(w io.Writer, s string) {
	_, _ = io.WriteString(w, s+"\n")
}
