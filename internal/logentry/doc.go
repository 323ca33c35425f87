// Package logentry writes one zap entry per observed UCPaaS call for the middleware, at the level
// a logging.CategoryToLevel chooses. The entry's message, fields and levels are documented in
// package logging.
package logentry
