package tracing

// ScopeName is the instrumentation scope of every span the middleware starts.
const ScopeName = "github.com/ucpobs/ucpobs"
